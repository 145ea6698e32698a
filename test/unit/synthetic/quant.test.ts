import assert from "node:assert/strict";
import {
  GgmlType,
  decodeQ4_0,
  decodeQ8_0,
  encodeF16,
  encodeF32,
  encodeQ4_0,
  encodeQ8_0,
  f16ToF32,
  f32ToF16,
  tensorDataSize,
} from "../../../src/synthetic/quant";
import { Rng } from "../../../src/synthetic/random";
import { constantTensor, randomTensor } from "../../../src/synthetic/weights";

function total(chunks: Iterable<Uint8Array>): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}

describe("synthetic: ggml block encoders", () => {
  const values = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i) * (i % 7));

  it("produce ggml's block sizes", () => {
    assert.equal(encodeF32(values).length, 64 * 4);
    assert.equal(encodeF16(values).length, 64 * 2);
    assert.equal(encodeQ8_0(values).length, 2 * 34); // f16 scale + 32 int8 per block
    assert.equal(encodeQ4_0(values).length, 2 * 18); // f16 scale + 16 bytes of nibbles per block
    assert.throws(() => encodeQ8_0(values.subarray(0, 40)), /block/);
  });

  it("round-trip within the quantization step", () => {
    const q8 = decodeQ8_0(encodeQ8_0(values));
    const q4 = decodeQ4_0(encodeQ4_0(values));
    for (let i = 0; i < values.length; i++) {
      assert.ok(Math.abs(q8[i]! - values[i]!) <= 6 / 127, `q8_0 value ${i}`);
      assert.ok(Math.abs(q4[i]! - values[i]!) <= 6 / 8 + 1e-3, `q4_0 value ${i}`);
    }
  });

  it("converts half floats like IEEE 754", () => {
    assert.equal(f32ToF16(1), 0x3c00);
    assert.equal(f32ToF16(-2), 0xc000);
    assert.equal(f32ToF16(65504), 0x7bff);
    assert.equal(f32ToF16(1e6), 0x7c00);
    assert.equal(f32ToF16(2 ** -24), 0x0001);
    assert.equal(f32ToF16(0.1), 0x2e66);
    assert.equal(f16ToF32(0x3555), 0.333251953125);
  });

  it("sizes tensors and rejects rows that are not whole blocks", () => {
    assert.equal(tensorDataSize(GgmlType.Q8_0, [896, 896]), (896 * 896 / 32) * 34);
    assert.equal(tensorDataSize(GgmlType.Q4_0, [4864, 896]), (4864 * 896 / 32) * 18);
    assert.throws(() => tensorDataSize(GgmlType.Q8_0, [48, 2]));
  });

  it("random and constant tensor sources yield exactly the tensor's size", () => {
    const dims = [96, 3000]; // several 1 MB chunks for F32
    for (const type of [GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0]) {
      assert.equal(total(randomTensor(type, dims, 1, "x", 0.02)()), tensorDataSize(type, dims), GgmlType[type]);
    }
    assert.equal(total(constantTensor([896], 1)()), 896 * 4);
  });

  it("F32 and Q8_0 random tensors hold the same values", () => {
    const dims = [64, 4];
    const f32Bytes = Buffer.concat([...randomTensor(GgmlType.F32, dims, 7, "w", 0.02)()].map((c) => Buffer.from(c)));
    const q8 = Buffer.concat([...randomTensor(GgmlType.Q8_0, dims, 7, "w", 0.02)()].map((c) => Buffer.from(c)));
    const fromF32 = new Float32Array(f32Bytes.buffer, f32Bytes.byteOffset, 256);
    assert.deepEqual(decodeQ8_0(new Uint8Array(q8)), Float32Array.from(fromF32));
  });
});

describe("synthetic: seeded PRNG", () => {
  it("gives the same stream for the same seed and another for another seed", () => {
    const a = new Rng(42), b = new Rng(42), c = new Rng(43);
    const sa = Array.from({ length: 8 }, () => a.nextU32());
    assert.deepEqual(sa, Array.from({ length: 8 }, () => b.nextU32()));
    assert.notDeepEqual(sa, Array.from({ length: 8 }, () => c.nextU32()));
  });
});
