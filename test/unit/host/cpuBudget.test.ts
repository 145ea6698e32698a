import { strict as assert } from "node:assert";
import { CpuBudget, WorkerCpuMeter } from "../../../src/host/cpuBudget";

describe("CpuBudget", () => {
  it("no cap at 0 or 100%: never waits", () => {
    for (const share of [0, 1]) {
      const budget = new CpuBudget(() => share, 2, () => 0);
      budget.record(500_000);
      assert.equal(budget.waitMs(), 0);
    }
  });

  it("under the cap: no wait; over it: waits until enough use ages out of the minute", () => {
    let now = 1_000_000;
    // 25% of 2 cores over 60 s: 30 CPU-seconds allowed.
    const budget = new CpuBudget(() => 0.25, 2, () => now);
    assert.equal(budget.allowed(), 30_000);
    budget.record(10_000);
    now += 10_000;
    budget.record(15_000);
    assert.equal(budget.waitMs(), 0, "25 s of 30 used");
    now += 5_000;
    budget.record(10_000);
    assert.equal(budget.used(), 35_000);
    // Over by 5 s: the first sample (10 s, at t0) must leave the window: at t0 + 60 s, 45 s from now.
    assert.equal(budget.waitMs(), 45_000);
    now += 45_000;
    assert.equal(budget.waitMs(), 0);
    assert.equal(budget.used(), 25_000);
  });

  it("follows the setting as it changes", () => {
    let share = 0.1;
    const budget = new CpuBudget(() => share, 4, () => 0);
    budget.record(30_000);
    assert.ok(budget.waitMs() > 0, "10% of 4 cores is 24 s a minute");
    share = 0.5;
    assert.equal(budget.waitMs(), 0);
  });
});

describe("WorkerCpuMeter", () => {
  it("turns a worker's running total into use since the last reading; a new worker starts over", () => {
    const meter = new WorkerCpuMeter();
    assert.equal(meter.update(100, 2_000), 2_000, "a new worker: its load counts");
    assert.equal(meter.update(100, 2_500), 500);
    assert.equal(meter.update(100, 2_500), 0);
    assert.equal(meter.update(200, 1_200), 1_200, "restarted");
    assert.equal(meter.update(200, 1_000), 0, "never negative");
  });
});
