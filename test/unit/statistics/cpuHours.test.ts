import { strict as assert } from "node:assert";
import { UsageStatistics } from "../../../src/extension/statistics/usageStatistics";

const HOUR = 3_600_000;

describe("usage statistics: CPU-seconds per hour", () => {
  it("adds CPU time up per clock hour, keeps it across a save, and shows the last 24 hours", () => {
    const stats = new UsageStatistics();
    const t0 = Date.UTC(2026, 11, 3, 9, 10);
    stats.recordCpu(t0, 1_500);
    stats.recordCpu(t0 + 20 * 60_000, 2_000);
    stats.recordCpu(t0 + HOUR, 700);
    stats.recordCpu(t0, 0); // nothing used: nothing recorded
    stats.recordCpu(t0, -5);
    const summary = stats.summary([]);
    assert.deepEqual(summary.cpuSecondsPerHour, [
      { hour: Date.UTC(2026, 11, 3, 9), seconds: 3.5 },
      { hour: Date.UTC(2026, 11, 3, 10), seconds: 0.7 },
    ]);
    const reloaded = new UsageStatistics(JSON.parse(JSON.stringify(stats.toJSON())));
    assert.deepEqual(reloaded.summary([]).cpuSecondsPerHour, summary.cpuSecondsPerHour);
    for (let h = 2; h < 60; h++) stats.recordCpu(t0 + h * HOUR, 1000);
    assert.equal(stats.summary([]).cpuSecondsPerHour.length, 24);
    assert.equal(stats.toJSON().cpuHours!.length, 48, "stored: two days");
    stats.clear();
    assert.deepEqual(stats.summary([]).cpuSecondsPerHour, []);
  });

  it("a saved file from before CPU was recorded loads with none", () => {
    const old = { version: 1, recent: [], totals: { requests: 0, promptTokens: 0, promptTokensEvaluated: 0, generatedTokens: 0, shown: 0, accepted: 0 } };
    assert.deepEqual(new UsageStatistics(old).summary([]).cpuSecondsPerHour, []);
  });
});
