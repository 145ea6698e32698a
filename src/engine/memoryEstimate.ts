// Refuses a model that will not fit before loading starts: loading it anyway would push the machine
// into swap (or the OOM killer) and freeze the editor along with it.
import { freemem } from "node:os";
import { EngineError, EngineErrorCode } from "../protocol/errors";
import { formatBytes } from "../shared/formatBytes";
import type { GgufFileInfo, Llama, NodeLlamaCppModule } from "./nodeLlamaCpp";

export interface MemoryEstimate {
  modelBytes: number;
  contextBytes: number;
  totalBytes: number;
}

export async function estimateMemory(
  nlc: NodeLlamaCppModule,
  llama: Llama,
  fileInfo: GgufFileInfo,
  contextSize: number,
  sequences: number,
): Promise<MemoryEstimate> {
  const insights = await nlc.GgufInsights.from(fileInfo, llama);
  // CPU-only estimate: with a GPU, layers that fit move to VRAM, so this is an upper bound on RAM.
  const model = insights.estimateModelResourceRequirements({ gpuLayers: 0 });
  const context = insights.estimateContextResourceRequirements({ contextSize, modelGpuLayers: 0, sequences });
  const modelBytes = model.cpuRam + model.gpuVram;
  const contextBytes = context.cpuRam + context.gpuVram;
  return { modelBytes, contextBytes, totalBytes: modelBytes + contextBytes };
}

/** Throws ModelTooLarge when the estimate exceeds what is available (free RAM, plus free VRAM on a GPU). */
export function assertFits(path: string, estimate: MemoryEstimate, availableBytes: number): void {
  if (estimate.totalBytes <= availableBytes) return;
  throw new EngineError(
    EngineErrorCode.ModelTooLarge,
    `${path} needs about ${formatBytes(estimate.totalBytes)} of memory (model ${formatBytes(estimate.modelBytes)} + context ${formatBytes(estimate.contextBytes)}) ` +
      `but only ${formatBytes(availableBytes)} is free: choose a smaller model or quantization, or lower localSlm.contextSize.`,
    path,
  );
}

export async function availableMemory(llama: Llama): Promise<number> {
  let bytes = freemem(); // libuv reads MemAvailable on Linux: page cache that can be reclaimed counts as free
  if (llama.gpu !== false) {
    const vram = await llama.getVramState();
    if (vram.unifiedSize === 0) bytes += vram.free;
  }
  return bytes;
}
