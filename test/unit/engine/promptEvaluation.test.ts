import assert from "node:assert/strict";
import { ChunkSizer } from "../../../src/engine/promptEvaluation";

describe("ChunkSizer", () => {
  it("starts with the first chunk size", () => {
    assert.equal(new ChunkSizer(40, 8, 512, 32).next(), 32);
  });

  it("sizes chunks to take about the target time at the measured speed", () => {
    const sizer = new ChunkSizer(40, 8, 512, 32);
    sizer.record(32, 128); // 0.25 tokens/ms
    assert.equal(sizer.next(), 10);
  });

  it("clamps to the minimum and maximum", () => {
    const slow = new ChunkSizer(40, 8, 512, 32);
    slow.record(32, 10_000);
    assert.equal(slow.next(), 8);
    const fast = new ChunkSizer(40, 8, 512, 32);
    fast.record(400, 1);
    assert.equal(fast.next(), 512);
  });

  it("ignores chunks too small to measure", () => {
    const sizer = new ChunkSizer(40, 8, 512, 32);
    sizer.record(2, 1);
    assert.equal(sizer.next(), 32);
  });
});
