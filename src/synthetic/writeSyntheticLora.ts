// Writes a synthetic LoRA adapter GGUF for a synthetic base shape, laid out as llama.cpp's
// convert_lora_to_gguf.py writes one and llama-adapter.cpp reads it:
//   general.type = "adapter", general.architecture = the base model's, adapter.type = "lora",
//   adapter.lora.alpha (f32); for each adapted base tensor W with ggml dims [n_in, n_out], a pair
//   "<W>.lora_a" [n_in, rank] and "<W>.lora_b" [rank, n_out]. llama.cpp adds
//   scale * (alpha / rank) * B(A x) to W x, and refuses a pair whose dims do not match W's.
// Random A and B (real adapters start B at zero, which would change nothing): strong enough that a
// greedy generation differs with the adapter on, so tests can tell it was applied.
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { gguf, writeGguf, type GgufTensor } from "./ggufWriter";
import { GgmlType } from "./quant";
import { SHAPES, type ShapeSpec, type SyntheticShape } from "./shapes";
import { randomTensor } from "./weights";

export interface SyntheticLoraOptions {
  /** The base model's shape (a name, or a spec: tests pass a wrong shape on purpose). */
  base: SyntheticShape | ShapeSpec;
  outPath: string;
  /** Default 8. */
  rank?: number;
  /** Default = rank (so the user's scale is the whole scale). */
  alpha?: number;
  /** Default 1. */
  seed?: number;
  /** Standard deviation of A and B; default 0.2 (B·A then weighs about as much as the base weights). */
  std?: number;
  /** Overrides general.architecture (to make an adapter for another architecture). */
  architecture?: string;
}

export interface SyntheticLoraResult {
  path: string;
  bytes: number;
  sha256?: string;
  tensors: number;
}

/** The base tensors an adapter targets, as PEFT's usual q/k/v/o + MLP target modules map to GGUF names. */
function targets(s: ShapeSpec): { name: string; dims: [number, number] }[] {
  const E = s.embedding;
  const kvWidth = (E / s.heads) * s.kvHeads;
  const out: { name: string; dims: [number, number] }[] = [];
  for (let i = 0; i < s.blocks; i++) {
    const b = `blk.${i}`;
    out.push(
      { name: `${b}.attn_q.weight`, dims: [E, E] },
      { name: `${b}.attn_k.weight`, dims: [E, kvWidth] },
      { name: `${b}.attn_v.weight`, dims: [E, kvWidth] },
      { name: `${b}.attn_output.weight`, dims: [E, E] },
      { name: `${b}.ffn_gate.weight`, dims: [E, s.feedForward] },
      { name: `${b}.ffn_up.weight`, dims: [E, s.feedForward] },
      { name: `${b}.ffn_down.weight`, dims: [s.feedForward, E] },
    );
  }
  return out;
}

export async function writeSyntheticLora(o: SyntheticLoraOptions): Promise<SyntheticLoraResult> {
  const shape = typeof o.base === "string" ? SHAPES[o.base] : o.base;
  if (!shape) throw new Error(`unknown synthetic shape ${String(o.base)}`);
  const rank = o.rank ?? 8;
  const alpha = o.alpha ?? rank;
  const seed = o.seed ?? 1;
  const std = o.std ?? 0.2;
  if (!Number.isInteger(rank) || rank < 1) throw new Error(`rank must be a positive integer, got ${rank}`);

  const tensors: GgufTensor[] = [];
  for (const { name, dims } of targets(shape)) {
    const [nIn, nOut] = dims;
    const a = `${name}.lora_a`;
    const b = `${name}.lora_b`;
    tensors.push({ name: a, dims: [nIn, rank], type: GgmlType.F32, data: randomTensor(GgmlType.F32, [nIn, rank], seed, a, std) });
    tensors.push({ name: b, dims: [rank, nOut], type: GgmlType.F32, data: randomTensor(GgmlType.F32, [rank, nOut], seed, b, std) });
  }
  const metadata = [
    ["general.architecture", gguf.string(o.architecture ?? shape.architecture)],
    ["general.type", gguf.string("adapter")],
    ["general.name", gguf.string(`${shape.name} LoRA (synthetic, rank ${rank})`)],
    ["general.file_type", gguf.u32(0)], // all F32
    ["adapter.type", gguf.string("lora")],
    ["adapter.lora.alpha", gguf.f32(alpha)],
  ] as const;

  await mkdir(dirname(o.outPath), { recursive: true });
  const written = await writeGguf(o.outPath, { metadata, tensors }, { hash: true });
  return { path: o.outPath, ...written, tensors: tensors.length };
}
