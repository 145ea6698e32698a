import assert from "node:assert/strict";
import { NextEditScheduler } from "../../../src/nextEdit/nextEditScheduler";

describe("next edit: scheduling", () => {
  it("the newest request wins: an older one is never sent, and one in flight is aborted", async () => {
    const scheduler = new NextEditScheduler();
    const sent: string[] = [];
    const aborted: string[] = [];
    let secondSent!: () => void;
    const secondInFlight = new Promise<void>((resolve) => (secondSent = resolve));
    const work = (name: string) => (signal: AbortSignal) => {
      sent.push(name);
      return new Promise<string>((resolve) => {
        signal.addEventListener("abort", () => {
          aborted.push(name);
          resolve(`${name} (aborted)`);
        });
        if (name === "second") secondSent();
        else resolve(name);
      });
    };
    const first = scheduler.request(work("first"));
    const second = scheduler.request(work("second"));
    assert.equal(await first, undefined, "superseded before it was sent");
    // "second" is in flight (it never resolves by itself): a third request aborts it.
    await secondInFlight;
    const third = scheduler.request(work("third"));
    assert.equal(await second, undefined);
    assert.equal(await third, "third");
    assert.deepEqual(sent, ["second", "third"]);
    assert.deepEqual(aborted, ["second"]);
  });

  it("cancel drops a request waiting for its pause", async () => {
    const scheduler = new NextEditScheduler();
    let ran = false;
    const waiting = scheduler.request(async () => (ran = true));
    scheduler.cancel();
    assert.equal(await waiting, undefined);
    assert.equal(ran, false);
  });
});
