import assert from "node:assert/strict";
import { median, percentile } from "../../../src/cli/bench/stats";
import { editNearEnd } from "../../../src/cli/bench/engineBench";
import { sampleCode } from "../../../src/cli/bench/sampleCode";

describe("bench helpers", () => {
  it("computes nearest-rank percentiles", () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    assert.equal(percentile(values, 95), 19);
    assert.equal(percentile(values, 100), 20);
    assert.equal(median([5, 1, 3]), 3);
    assert.throws(() => percentile([], 50));
  });

  it("edits one line near the end and nothing else", () => {
    const text = "a\nb\nc\nd\ne\n";
    const edited = editNearEnd(text);
    const before = text.split("\n");
    const after = edited.split("\n");
    assert.equal(after.length, before.length);
    assert.equal(after.filter((line, i) => line !== before[i]).length, 1);
  });

  it("writes the same sample code for the same seed", () => {
    assert.equal(sampleCode(50, 7), sampleCode(50, 7));
    assert.notEqual(sampleCode(50, 7), sampleCode(50, 8));
    assert.equal(sampleCode(50).split("\n").length, 51);
  });
});
