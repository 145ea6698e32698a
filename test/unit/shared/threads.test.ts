import assert from "node:assert/strict";
import { defaultThreadCount, resolveThreadCount } from "../../../src/shared/threads";

describe("thread count", () => {
  it("uses every core on small idle machines and leaves one on larger ones", () => {
    assert.deepEqual([1, 2, 4, 8, 32].map((c) => defaultThreadCount(c, 0)), [1, 2, 4, 7, 16]);
  });

  it("leaves out the cores other work keeps busy, down to one thread", () => {
    assert.equal(defaultThreadCount(2, 1), 1, "one of two cores busy");
    assert.equal(defaultThreadCount(2, 13), 1, "a machine far over its cores");
    assert.equal(defaultThreadCount(8, 2.4), 6);
    assert.equal(defaultThreadCount(8, 0.4), 7, "a load under half a core is idle");
    assert.equal(defaultThreadCount(4, Number.NaN), 4, "no load figure: as idle");
  });

  it("treats 0, negatives and non-numbers as automatic", () => {
    for (const bad of [0, -3, Number.NaN, "4", undefined, null]) assert.equal(resolveThreadCount(bad, 2, 0), 2);
    assert.equal(resolveThreadCount(0, 2, 5), 1);
  });

  it("keeps an explicit count, within twice the cores, whatever the load", () => {
    assert.equal(resolveThreadCount(1, 2, 0), 1);
    assert.equal(resolveThreadCount(3.7, 2, 0), 3);
    assert.equal(resolveThreadCount(1000, 2, 9), 4);
  });
});
