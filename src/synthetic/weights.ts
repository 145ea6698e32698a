// Random and constant tensor data for synthetic models, generated in ~1 MB chunks.
// Each tensor gets its own PRNG, seeded from the model seed and the tensor's name, so its bytes do
// not depend on the order of tensors. F32, F16 and Q8_0 all draw the same stream of random int8
// values times one f16 scale: the f32 and q8_0 variants of a model hold exactly the same weights
// (f16 rounds them a little), which makes quantization differences easy to reason about.
// Q4_0 draws random nibbles instead. Scales are small and fixed so activations stay finite.
// Output is little-endian through typed-array views: true of every platform Node runs on here.
import { Rng, hashString, splitmix32 } from "./random";
import { GgmlType, QK, f32ToF16, roundToF16, tensorDataSize } from "./quant";

const INT8_STD = 73.9; // std of a uniform integer on [-128, 127]
const NIBBLE_STD = 4.61; // std of a uniform integer on [-8, 7]
const CHUNK_VALUES = 1 << 18; // values per chunk (a multiple of the 32-value block)

type Source = () => Iterable<Uint8Array>;

function tensorRng(seed: number, name: string): Rng {
  return new Rng(splitmix32(seed >>> 0) ^ hashString(name));
}

function count(dims: readonly number[]): number {
  return dims.reduce((n, d) => n * d, 1);
}

/** Random weights with standard deviation ~`std` (e.g. 0.02, a common initialisation). */
export function randomTensor(type: GgmlType, dims: readonly number[], seed: number, name: string, std: number): Source {
  const n = count(dims);
  tensorDataSize(type, dims); // validates the block shape up front
  switch (type) {
    case GgmlType.F32:
    case GgmlType.F16:
      return () => floatChunks(type, n, tensorRng(seed, name), roundToF16(std / INT8_STD));
    case GgmlType.Q8_0:
      return () => q8Chunks(n / QK, tensorRng(seed, name), f32ToF16(std / INT8_STD));
    case GgmlType.Q4_0:
      return () => q4Chunks(n / QK, tensorRng(seed, name), f32ToF16(std / NIBBLE_STD));
  }
}

/** Every value equal (norm weights are 1.0). F32 only: llama.cpp keeps 1-D tensors in F32. */
export function constantTensor(dims: readonly number[], value: number): Source {
  return function* () {
    const n = count(dims);
    const chunk = new Float32Array(Math.min(n, CHUNK_VALUES)).fill(value);
    for (let left = n; left > 0; left -= chunk.length) {
      const m = Math.min(left, chunk.length);
      yield new Uint8Array(chunk.buffer, 0, m * 4);
    }
  };
}

function* floatChunks(type: GgmlType.F32 | GgmlType.F16, n: number, rng: Rng, scale: number): Iterable<Uint8Array> {
  const bytes = new Uint8Array(Math.min(n, CHUNK_VALUES));
  // Map each random byte (as int8) straight to its output value: one table lookup per value.
  const table32 = new Float32Array(256);
  const table16 = new Uint16Array(256);
  for (let b = 0; b < 256; b++) {
    table32[b] = ((b << 24) >> 24) * scale;
    table16[b] = f32ToF16(table32[b]!);
  }
  const out32 = new Float32Array(bytes.length);
  const out16 = new Uint16Array(type === GgmlType.F16 ? bytes.length : 0);
  for (let left = n; left > 0; left -= bytes.length) {
    const m = Math.min(left, bytes.length);
    const src = bytes.subarray(0, m);
    rng.fillBytes(src);
    if (type === GgmlType.F32) {
      for (let i = 0; i < m; i++) out32[i] = table32[src[i]!]!;
      yield new Uint8Array(out32.buffer, 0, m * 4);
    } else {
      for (let i = 0; i < m; i++) out16[i] = table16[src[i]!]!;
      yield new Uint8Array(out16.buffer, 0, m * 2);
    }
  }
}

// A quantized block: f16 scale, then `words` random u32 draws (the same byte stream as fillBytes).
// Q8_0: 8 words = 32 int8 values; Q4_0: 4 words = 16 bytes of nibbles.
function* blockChunks(blocks: number, rng: Rng, scaleBits: number, words: number): Iterable<Uint8Array> {
  const perChunk = CHUNK_VALUES / QK;
  const out = new Uint8Array(Math.min(blocks, perChunk) * (2 + 4 * words));
  for (let left = blocks; left > 0; left -= perChunk) {
    const m = Math.min(left, perChunk);
    let p = 0;
    for (let b = 0; b < m; b++) {
      out[p++] = scaleBits & 0xff;
      out[p++] = scaleBits >>> 8;
      for (let k = 0; k < words; k++) {
        const r = rng.nextU32();
        out[p++] = r;
        out[p++] = r >>> 8;
        out[p++] = r >>> 16;
        out[p++] = r >>> 24;
      }
    }
    yield out.subarray(0, p);
  }
}

function q8Chunks(blocks: number, rng: Rng, scaleBits: number): Iterable<Uint8Array> {
  return blockChunks(blocks, rng, scaleBits, 8);
}

function q4Chunks(blocks: number, rng: Rng, scaleBits: number): Iterable<Uint8Array> {
  return blockChunks(blocks, rng, scaleBits, 4);
}
