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

  it("idle() waits for every holder and every request queued behind it, and is immediate when free", async () => {
    const lock = new SequenceLock();
    const events: string[] = [];
    await lock.idle();
    let releaseA!: () => void;
    const a = lock.run(() => new Promise<void>((r) => (releaseA = r)).then(() => void events.push("a done")));
    const b = lock.run(async () => void events.push("b done"));
    const idle = lock.idle().then(() => events.push("idle"));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(events, []);
    releaseA();
    await Promise.all([a, b, idle]);
    assert.deepEqual(events, ["a done", "b done", "idle"]);
  });
});
