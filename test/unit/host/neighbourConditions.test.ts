import { strict as assert } from "node:assert";
import { ConditionsMonitor } from "../../../src/host/conditionsMonitor";
import type { EngineConfig } from "../../../src/host/engineClient";
import { isUnderMemoryPressure } from "../../../src/host/memoryPressure";
import { adjustForConditions, type MachineConditions } from "../../../src/host/neighbourConditions";
import type { PowerSource } from "../../../src/host/powerSource";

const GiB = 1024 ** 3;
const config: EngineConfig = { modelPath: "/m.gguf", contextSize: 2048, threads: 4, gpu: "auto", idleUnloadMs: 15 * 60_000 };
const plugged: MachineConditions = { power: "ac", memoryPressure: false };

describe("memory pressure", () => {
  it("is free memory under 10% of the total and under 1 GiB", () => {
    assert.equal(isUnderMemoryPressure(0.5 * GiB, 24 * GiB), true);
    assert.equal(isUnderMemoryPressure(2 * GiB, 24 * GiB), false);
    assert.equal(isUnderMemoryPressure(0.9 * GiB, 8 * GiB), false);
    assert.equal(isUnderMemoryPressure(0.7 * GiB, 8 * GiB), true);
    assert.equal(isUnderMemoryPressure(NaN, 8 * GiB), false);
    assert.equal(isUnderMemoryPressure(1, 0), false);
  });
});

describe("adjustForConditions", () => {
  it("plugged in with memory to spare: the user's settings as they are", () => {
    const a = adjustForConditions(config, plugged, "fewerThreads");
    assert.deepEqual(a, { config, pauseCompletion: false, notes: [] });
  });

  it("on battery: half the threads (at least 1), or completion paused, or nothing, as chosen", () => {
    const battery: MachineConditions = { power: "battery", memoryPressure: false };
    assert.equal(adjustForConditions(config, battery, "fewerThreads").config.threads, 2);
    assert.equal(adjustForConditions({ ...config, threads: 1 }, battery, "fewerThreads").config.threads, 1);
    assert.deepEqual(adjustForConditions(config, battery, "fewerThreads").notes, ["on battery: 2 threads"]);
    const paused = adjustForConditions(config, battery, "pauseCompletion");
    assert.equal(paused.pauseCompletion, true);
    assert.equal(paused.config.threads, 4);
    assert.deepEqual(adjustForConditions(config, battery, "ignore"), { config, pauseCompletion: false, notes: [] });
    assert.deepEqual(adjustForConditions(config, { power: "unknown", memoryPressure: false }, "fewerThreads").notes, []);
  });

  it("under memory pressure: an idle model unloads after a minute (or the user's shorter delay, and even when the user keeps it loaded)", () => {
    const low: MachineConditions = { power: "ac", memoryPressure: true };
    assert.equal(adjustForConditions(config, low, "ignore").config.idleUnloadMs, 60_000);
    assert.equal(adjustForConditions({ ...config, idleUnloadMs: 30_000 }, low, "ignore").config.idleUnloadMs, 30_000);
    assert.equal(adjustForConditions({ ...config, idleUnloadMs: 0 }, low, "ignore").config.idleUnloadMs, 60_000);
    assert.deepEqual(adjustForConditions(config, low, "ignore").notes, ["low memory: unloads after 60 s idle"]);
  });
});

describe("ConditionsMonitor", () => {
  function fakeTimers() {
    const pending: { callback: () => void; ms: number }[] = [];
    return {
      pending,
      timers: {
        setTimeout: (callback: () => void, ms: number) => {
          const handle = { callback, ms, unref: () => undefined };
          pending.push(handle);
          return handle;
        },
        clearTimeout: (handle: unknown) => {
          const i = pending.indexOf(handle as (typeof pending)[number]);
          if (i >= 0) pending.splice(i, 1);
        },
      },
    };
  }

  it("tells each change of power source or memory pressure once, and checks again every interval", async () => {
    let power: PowerSource = "ac";
    let free = 8 * GiB;
    const { pending, timers } = fakeTimers();
    const monitor = new ConditionsMonitor({ power: async () => power, memory: () => ({ freeBytes: free, totalBytes: 16 * GiB }) }, timers, 30_000);
    const seen: MachineConditions[] = [];
    monitor.onDidChange((c) => seen.push(c));
    await monitor.start();
    assert.deepEqual(seen, [{ power: "ac", memoryPressure: false }], "the first check tells what it found");
    assert.equal(pending.length, 1);
    assert.equal(pending[0]!.ms, 30_000);
    await monitor.check();
    assert.equal(seen.length, 1, "no change, no event");
    power = "battery";
    free = 0.5 * GiB;
    await monitor.check();
    assert.deepEqual(seen.at(-1), { power: "battery", memoryPressure: true });
    assert.equal(pending.length, 1, "one timer at a time");
    monitor.dispose();
    assert.equal(pending.length, 0);
  });

  it("a probe that fails reads as unknown, not an error", async () => {
    const { timers } = fakeTimers();
    const monitor = new ConditionsMonitor({ power: async () => { throw new Error("pmset crashed"); }, memory: () => ({ freeBytes: 8 * GiB, totalBytes: 16 * GiB }) }, timers);
    assert.deepEqual(await monitor.check(), { power: "unknown", memoryPressure: false });
    monitor.dispose();
  });
});
