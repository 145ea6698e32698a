import assert from "node:assert/strict";
import { requiredFileSize, tensorByteSize } from "../../../src/shared/ggmlTypes";

describe("ggml tensor sizes", () => {
  it("computes F32, F16, Q8_0 and Q4_0 sizes", () => {
    assert.equal(tensorByteSize(0, [64, 2]), 512);
    assert.equal(tensorByteSize(1, [64, 2]), 256);
    assert.equal(tensorByteSize(8, [896, 896]), (896 * 896 / 32) * 34);
    assert.equal(tensorByteSize(2, [4864, 896]), (4864 * 896 / 32) * 18);
  });

  it("returns undefined for an unknown type", () => {
    assert.equal(tensorByteSize(999, [4]), undefined);
  });

  it("finds the end of the last tensor, skipping unknown types", () => {
    const end = requiredFileSize([
      { ggmlType: 0, dimensions: [4], fileOffset: 100 },
      { ggmlType: 0, dimensions: [8], fileOffset: 132 },
      { ggmlType: 999, dimensions: [1_000_000], fileOffset: 200 },
    ]);
    assert.equal(end, 164);
  });
});
