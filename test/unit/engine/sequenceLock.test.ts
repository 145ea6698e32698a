import assert from "node:assert/strict";
import { SequenceLock } from "../../../src/engine/sequenceLock";

describe("SequenceLock", () => {
  it("runs work one at a time, in order", async () => {
    const lock = new SequenceLock();
    const events: string[] = [];
    const task = (name: string, ms: number) =>
      lock.run(async () => {
        events.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        events.push(`end ${name}`);
      });
    await Promise.all([task("a", 20), task("b", 1), task("c", 1)]);
    assert.deepEqual(events, ["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  it("releases after a failure and reports busy while held", async () => {
    const lock = new SequenceLock();
    const failing = lock.run(async () => {
      throw new Error("boom");
    });
    assert.equal(lock.busy, true);
    await assert.rejects(failing, /boom/);
    assert.equal(lock.busy, false);
    assert.equal(await lock.run(async () => 42), 42);
  });

  it("answers as soon as the work is done but stays locked until holdUntil settles", async () => {
    const lock = new SequenceLock();
    let finishBackground!: () => void;
    const background = new Promise<void>((resolve) => (finishBackground = resolve));
    const value = await lock.run(async () => "aborted", () => background);
    assert.equal(value, "aborted");
    assert.equal(lock.busy, true, "still held by the background work");
    let nextStarted = false;
    const next = lock.run(async () => {
      nextStarted = true;
    });
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(nextStarted, false);
    finishBackground();
    await next;
    assert.equal(nextStarted, true);
    assert.equal(lock.busy, false);
  });
});
