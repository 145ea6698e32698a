// Refuses a model that will not fit before loading starts: loading it anyway would push the machine
// into swap (or the OOM killer) and freeze the editor along with it.
import { freemem } from "node:os";
import { EngineError, EngineErrorCode } from "../protocol/errors";
import { formatBytes } from "../shared/formatBytes";
import { fitAdvice } from "./memoryAdvice";
import type { GgufFileInfo, Llama, NodeLlamaCppModule } from "./nodeLlamaCpp";

export interface MemoryEstimate {
  modelBytes: number;
  contextBytes: number;
  totalBytes: number;
  /** For the advice when it does not fit (optional: callers may build an estimate by hand). */
  contextSize?: number;
  parameterCount?: number;
  contextBytesAt?(contextSize: number): number;
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
  const contextBytesAt = (size: number) => {
    const c = insights.estimateContextResourceRequirements({ contextSize: size, modelGpuLayers: 0, sequences });
    return c.cpuRam + c.gpuVram;
  };
  const tensors = fileInfo.fullTensorInfo ?? fileInfo.tensorInfo ?? [];
  const parameterCount = tensors.reduce((n, t) => n + t.dimensions.reduce<number>((m, d) => m * Number(d), 1), 0);
  return { modelBytes, contextBytes, totalBytes: modelBytes + contextBytes, contextSize, parameterCount, contextBytesAt };
}

/** Throws ModelTooLarge when the estimate exceeds what is available (free RAM, plus free VRAM on a GPU). */
export function assertFits(path: string, estimate: MemoryEstimate, availableBytes: number): void {
  if (estimate.totalBytes <= availableBytes) return;
  throw new EngineError(
    EngineErrorCode.ModelTooLarge,
    `${path} needs about ${formatBytes(estimate.totalBytes)} of memory (model ${formatBytes(estimate.modelBytes)} + context ${formatBytes(estimate.contextBytes)}) ` +
      `but only ${formatBytes(availableBytes)} is free: ${advice(estimate, availableBytes)}.`,
    path,
  );
}

function advice(estimate: MemoryEstimate, availableBytes: number): string {
  return fitAdvice({
    modelBytes: estimate.modelBytes,
    contextBytes: estimate.contextBytes,
    contextSize: estimate.contextSize ?? 0,
    availableBytes,
    parameterCount: estimate.parameterCount ?? 0,
    contextBytesAt: estimate.contextBytesAt,
  });
}

export async function availableMemory(llama: Llama): Promise<number> {
  let bytes = freemem(); // libuv reads MemAvailable on Linux: page cache that can be reclaimed counts as free
  if (llama.gpu !== false) {
    const vram = await llama.getVramState();
    if (vram.unifiedSize === 0) bytes += vram.free;
  }
  return bytes;
}
