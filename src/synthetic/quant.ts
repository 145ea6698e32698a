// ggml tensor types the synthetic models use, with their exact block layouts (ggml-common.h):
//   F32  4 bytes a value, F16 2 bytes a value,
//   Q8_0 34 bytes per 32 values: f16 scale d, then 32 int8 q   (x = d * q),
//   Q4_0 18 bytes per 32 values: f16 scale d, then 16 bytes    (x = d * (nibble - 8)),
//        byte j holds value j in its low nibble and value j + 16 in its high nibble.
// The encoders follow ggml's reference quantizers (quantize_row_q8_0_ref / _q4_0_ref), so a real
// weight matrix could be written too; random weights use the faster generators in weights.ts.

import { ggmlBlock } from "../shared/ggmlTypes";

export enum GgmlType {
  F32 = 0,
  F16 = 1,
  Q4_0 = 2,
  Q8_0 = 8,
}

export const QK = 32; // values per Q8_0 / Q4_0 block

/** Bytes of a tensor's data. ggml needs the first dimension to be a whole number of blocks. */
export function tensorDataSize(type: GgmlType, dims: readonly number[]): number {
  const { values, bytes } = ggmlBlock(type)!; // every GgmlType here is in the shared table
  if (dims.length === 0 || dims[0]! % values !== 0) {
    throw new Error(`first dimension ${dims[0]} is not a multiple of ${values} for ggml type ${GgmlType[type]}`);
  }
  return (dims.reduce((n, d) => n * d, 1) / values) * bytes;
}

// One shared scratch pair for bit casts (the code is synchronous, so sharing is safe).
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half-precision bits of `v`, rounding to nearest even like ggml's GGML_FP32_TO_FP16. */
export function f32ToF16(v: number): number {
  f32[0] = v;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // too large: Inf
  if (e <= 0) {
    // Subnormal half: value = h * 2^-24.
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++; // a carry into the exponent is correct rounding
  return sign | h;
}

export function f16ToF32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Rounds a value to the nearest representable half (what a stored f16 scale really is). */
export function roundToF16(v: number): number {
  return f16ToF32(f32ToF16(v));
}

export function encodeF32(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return out;
}

export function encodeF16(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  for (let i = 0; i < values.length; i++) {
    const h = f32ToF16(values[i]!);
    out[i * 2] = h & 0xff;
    out[i * 2 + 1] = h >>> 8;
  }
  return out;
}

function checkBlocks(n: number): number {
  if (n % QK !== 0) throw new Error(`${n} values is not a whole number of ${QK}-value blocks`);
  return n / QK;
}

/** Q8_0: d = max|x| / 127, q = round(x / d). */
export function encodeQ8_0(values: ArrayLike<number>): Uint8Array {
  const blocks = checkBlocks(values.length);
  const out = new Uint8Array(blocks * 34);
  for (let b = 0; b < blocks; b++) {
    let amax = 0;
    for (let j = 0; j < QK; j++) amax = Math.max(amax, Math.abs(values[b * QK + j]!));
    const d = Math.fround(amax / 127);
    const id = d ? 1 / d : 0;
    const o = b * 34;
    const h = f32ToF16(d);
    out[o] = h & 0xff;
    out[o + 1] = h >>> 8;
    for (let j = 0; j < QK; j++) {
      const x = values[b * QK + j]! * id;
      out[o + 2 + j] = Math.sign(x) * Math.round(Math.abs(x)); // roundf: half away from zero; & 0xff by the typed array
    }
  }
  return out;
}

/** Q4_0: d = (the value of largest magnitude) / -8, nibble = min(15, floor(x / d + 8.5)). */
export function encodeQ4_0(values: ArrayLike<number>): Uint8Array {
  const blocks = checkBlocks(values.length);
  const out = new Uint8Array(blocks * 18);
  for (let b = 0; b < blocks; b++) {
    let amax = 0;
    let max = 0;
    for (let j = 0; j < QK; j++) {
      const v = values[b * QK + j]!;
      if (Math.abs(v) > amax) {
        amax = Math.abs(v);
        max = v;
      }
    }
    const d = Math.fround(max / -8);
    const id = d ? 1 / d : 0;
    const o = b * 18;
    const h = f32ToF16(d);
    out[o] = h & 0xff;
    out[o + 1] = h >>> 8;
    for (let j = 0; j < QK / 2; j++) {
      const x0 = Math.min(15, Math.floor(values[b * QK + j]! * id + 8.5));
      const x1 = Math.min(15, Math.floor(values[b * QK + j + 16]! * id + 8.5));
      out[o + 2 + j] = x0 | (x1 << 4);
    }
  }
  return out;
}

export function decodeQ8_0(data: Uint8Array): Float32Array {
  const blocks = data.length / 34;
  const out = new Float32Array(blocks * QK);
  for (let b = 0; b < blocks; b++) {
    const d = f16ToF32(data[b * 34]! | (data[b * 34 + 1]! << 8));
    for (let j = 0; j < QK; j++) out[b * QK + j] = d * ((data[b * 34 + 2 + j]! << 24) >> 24);
  }
  return out;
}

export function decodeQ4_0(data: Uint8Array): Float32Array {
  const blocks = data.length / 18;
  const out = new Float32Array(blocks * QK);
  for (let b = 0; b < blocks; b++) {
    const d = f16ToF32(data[b * 18]! | (data[b * 18 + 1]! << 8));
    for (let j = 0; j < QK / 2; j++) {
      const byte = data[b * 18 + 2 + j]!;
      out[b * QK + j] = d * ((byte & 0x0f) - 8);
      out[b * QK + j + 16] = d * ((byte >>> 4) - 8);
    }
  }
  return out;
}
