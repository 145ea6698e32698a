// Checks LoRA adapter files against the base model BEFORE llama.cpp reads them: a missing file, a
// file that is not a LoRA adapter, or an adapter trained for another model (architecture or tensor
// shapes) gets one line naming the file and what is wrong. llama.cpp checks the same things, but
// only logs the reason and returns null, and a ggml assertion on a shape it did not check would
// take the worker down; checking here costs a header read.
import { open, stat } from "node:fs/promises";
import { EngineError, EngineErrorCode } from "../protocol/errors";
import type { LoraAdapter } from "../protocol/types";
import { requiredFileSize } from "../shared/ggmlTypes";
import { checkGgufHeader } from "./ggufHeaderCheck";
import { firstLine } from "./modelPreflight";
import type { GgufFileInfo, NodeLlamaCppModule } from "./nodeLlamaCpp";

type TensorInfo = NonNullable<GgufFileInfo["tensorInfo"]>[number];

export async function preflightLoraAdapters(nlc: NodeLlamaCppModule, base: GgufFileInfo, adapters: readonly LoraAdapter[]): Promise<void> {
  const baseArchitecture = String(base.metadata.general?.architecture ?? "unknown");
  const baseTensors = new Map((base.fullTensorInfo ?? base.tensorInfo ?? []).map((t) => [t.name, dims(t)]));
  for (const adapter of adapters) {
    if (!Number.isFinite(adapter.scale)) invalid(adapter.path, `has the scale ${adapter.scale}: give a number, e.g. 1 (as trained) or 0 (off)`);
    const info = await readAdapter(nlc, adapter.path);
    const general = info.metadata.general as Record<string, unknown> | undefined;
    const adapterMeta = (info.metadata as Record<string, unknown>).adapter as Record<string, unknown> | undefined;
    if (general?.type !== "adapter" || adapterMeta?.type !== "lora") {
      const what = general?.type === "adapter" ? `an adapter of type "${String(adapterMeta?.type)}"` : "a model";
      invalid(adapter.path, `is ${what}, not a LoRA adapter (general.type "adapter", adapter.type "lora"): choose a LoRA adapter GGUF`);
    }
    const architecture = String(general.architecture ?? "unknown");
    if (architecture !== baseArchitecture) {
      invalid(adapter.path, `is a LoRA adapter for the "${architecture}" architecture but the model is "${baseArchitecture}": use an adapter trained for this model`);
    }
    checkPairs(adapter.path, info.fullTensorInfo ?? info.tensorInfo ?? [], baseTensors);
  }
}

async function readAdapter(nlc: NodeLlamaCppModule, path: string): Promise<GgufFileInfo> {
  let size: number;
  try {
    const stats = await stat(path);
    if (!stats.isFile()) invalid(path, "is not a file: choose a LoRA adapter .gguf file");
    size = stats.size;
  } catch (error) {
    if (error instanceof EngineError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new EngineError(EngineErrorCode.LoraAdapterInvalid, `LoRA adapter not found: ${path}.`, path);
    invalid(path, `cannot be read (${firstLine(error)})`);
  }
  const handle = await open(path, "r");
  try {
    const magic = Buffer.alloc(4);
    await handle.read(magic, 0, 4, 0);
    if (magic.toString("latin1") !== "GGUF") invalid(path, "is not a GGUF file: choose a LoRA adapter .gguf file");
    await checkGgufHeader(handle, size);
  } catch (error) {
    if (error instanceof EngineError) throw error;
    invalid(path, `is not a valid GGUF file (${firstLine(error)})`);
  } finally {
    await handle.close();
  }
  let info: GgufFileInfo;
  try {
    info = await nlc.readGgufFileInfo(path, { readTensorInfo: true, logWarnings: false, sourceType: "filesystem" });
  } catch (error) {
    invalid(path, `is not a valid GGUF file (${firstLine(error)})`);
  }
  if (requiredFileSize(info.fullTensorInfo ?? info.tensorInfo ?? []) > size) invalid(path, "is truncated (an interrupted download?): get it again");
  return info;
}

/** The same rules as llama-adapter.cpp: complete a/b pairs, a base tensor for each, matching dims. */
function checkPairs(path: string, tensors: readonly TensorInfo[], base: Map<string, number[]>): void {
  const pairs = new Map<string, { a?: number[]; b?: number[] }>();
  for (const tensor of tensors) {
    const match = /^(.*)\.lora_([ab])$/.exec(tensor.name);
    if (!match) {
      if (tensor.name.endsWith("_norm.weight")) continue; // llama.cpp skips these too
      invalid(path, `has the tensor "${tensor.name}", which is not part of a LoRA pair (.lora_a / .lora_b)`);
    }
    const pair = pairs.get(match[1]!) ?? {};
    pair[match[2] as "a" | "b"] = dims(tensor);
    pairs.set(match[1]!, pair);
  }
  if (pairs.size === 0) invalid(path, "has no LoRA tensors");
  for (const [name, { a, b }] of pairs) {
    if (!a || !b) invalid(path, `has only half of the LoRA pair for "${name}"`);
    const w = base.get(name);
    if (!w) invalid(path, `adapts the tensor "${name}", which this model does not have: it was made for another model`);
    const fits = name.endsWith("token_embd.weight") ? w[0] === b[1] && w[1] === a[1] : w[0] === a[0] && w[1] === b[1] && a[1] === b[0];
    if (!fits) {
      invalid(path, `was made for a model of another shape: "${name}" is ${w.join("×")} in this model but the adapter's pair is ${a.join("×")} and ${b.join("×")}`);
    }
  }
}

function dims(tensor: TensorInfo): number[] {
  return tensor.dimensions.map(Number);
}

function invalid(path: string, problem: string): never {
  throw new EngineError(EngineErrorCode.LoraAdapterInvalid, `The LoRA adapter ${path} ${problem}.`, path);
}
