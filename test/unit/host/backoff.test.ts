import assert from "node:assert/strict";
import { restartDelayMs } from "../../../src/host/backoff";

describe("restartDelayMs", () => {
  it("restarts at once after a first crash, then doubles up to the cap", () => {
    assert.deepEqual([0, 1, 2, 3, 4].map((n) => restartDelayMs(n)), [0, 0, 500, 1000, 2000]);
    assert.equal(restartDelayMs(20), 30_000);
  });
});
