import assert from "node:assert/strict";
import { defaultThreadCount, resolveThreadCount } from "../../../src/shared/threads";

describe("thread count", () => {
  it("uses every core on small machines and leaves one on larger ones", () => {
    assert.deepEqual([1, 2, 4, 8, 32].map((c) => defaultThreadCount(c)), [1, 2, 4, 7, 16]);
  });

  it("treats 0, negatives and non-numbers as automatic", () => {
    for (const bad of [0, -3, Number.NaN, "4", undefined, null]) assert.equal(resolveThreadCount(bad, 2), 2);
  });

  it("keeps an explicit count, within twice the cores", () => {
    assert.equal(resolveThreadCount(1, 2), 1);
    assert.equal(resolveThreadCount(3.7, 2), 3);
    assert.equal(resolveThreadCount(1000, 2), 4);
  });
});
