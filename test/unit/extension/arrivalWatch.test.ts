import { strict as assert } from "node:assert";
import { ArrivalWatch, type Timers } from "../../../src/extension/models/arrivalWatch";

/** A clock that moves only when told to, firing the timers that come due. */
function fakeClock() {
  let now = 0;
  let pending: { at: number; callback: () => void; id: number }[] = [];
  let next = 0;
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      const id = ++next;
      pending.push({ at: now + ms, callback, id });
      return id;
    },
    clearTimeout: (id) => (pending = pending.filter((t) => t.id !== id)),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = pending.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      pending = pending.filter((t) => t !== due);
      now = due.at;
      due.callback();
    }
    now = end;
  };
  return { timers, now: () => now, advance };
}

describe("ArrivalWatch (a download that receives nothing is noticed within seconds)", () => {
  it("says so after the quiet time when no byte ever comes, and again while it stays quiet", () => {
    const clock = fakeClock();
    const quiet: number[] = [];
    const watch = new ArrivalWatch(5_000, (s) => quiet.push(s), () => assert.fail("never flowed"), clock.timers, clock.now);
    clock.advance(4_999);
    assert.deepEqual(quiet, []);
    clock.advance(1);
    assert.deepEqual(quiet, [5]);
    clock.advance(5_000);
    assert.deepEqual(quiet, [5, 10]);
    watch.dispose();
    clock.advance(60_000);
    assert.deepEqual(quiet, [5, 10], "nothing after dispose");
  });

  it("stays silent while bytes arrive; a stop in the middle is noticed; bytes again say it flows", () => {
    const clock = fakeClock();
    const events: string[] = [];
    const watch = new ArrivalWatch(5_000, (s) => events.push(`quiet ${s}`), () => events.push("flowing"), clock.timers, clock.now);
    for (let i = 1; i <= 10; i++) {
      clock.advance(1_000);
      watch.bytes(i * 1_000);
    }
    assert.deepEqual(events, []);
    watch.bytes(10_000); // the same count again is no progress
    clock.advance(5_000);
    assert.deepEqual(events, ["quiet 5"]);
    clock.advance(2_000);
    watch.bytes(11_000);
    assert.deepEqual(events, ["quiet 5", "flowing"]);
    clock.advance(4_000);
    assert.deepEqual(events, ["quiet 5", "flowing"]);
    watch.dispose();
  });
});
