import assert from "node:assert/strict";
import { UsageStatistics, validPrices } from "../../../src/extension/statistics/usageStatistics";

const request = (latencyMs: number, kind: "completion" | "summarize" = "completion") => ({ time: latencyMs, kind, latencyMs, promptTokens: 100, promptTokensEvaluated: 20, generatedTokens: 10 });

describe("usage statistics", () => {
  it("gives p50/p95 per kind, acceptance, tokens and cache reuse", () => {
    const stats = new UsageStatistics();
    for (let i = 1; i <= 100; i++) stats.record(request(i));
    stats.record(request(5000, "summarize"));
    for (let i = 0; i < 10; i++) stats.recordShown(i);
    for (let i = 0; i < 3; i++) stats.recordAccepted(i);
    const s = stats.summary([]);
    assert.deepEqual(s.latency.completion, { p50Ms: 50, p95Ms: 95, count: 100 });
    assert.equal(s.latency.summarize?.p50Ms, 5000);
    assert.equal(s.latency.sentiment, undefined);
    assert.equal(s.acceptanceRate, 0.3);
    assert.equal(s.promptTokens, 10_100);
    assert.equal(s.cacheReuse, 0.8);
  });

  it("counts a suggestion once however often it is shown again (typed along it, its rest arrived)", () => {
    const stats = new UsageStatistics();
    for (let keystroke = 0; keystroke < 12; keystroke++) stats.recordShown(7); // re-served from the cache per keystroke
    stats.recordShown(8);
    stats.recordAccepted(7);
    stats.recordAccepted(7);
    const s = stats.summary([]);
    assert.equal(s.shown, 2);
    assert.equal(s.accepted, 1);
    assert.equal(s.acceptanceRate, 0.5);
  });

  it("keeps recent records bounded while totals stay right", () => {
    const stats = new UsageStatistics();
    for (let i = 0; i < 5000; i++) stats.record(request(i % 100));
    assert.equal(stats.toJSON().recent.length, 2000);
    assert.equal(stats.summary([]).promptTokens, 500_000);
  });

  it("prices the same tokens at cloud rates: prompt and generated tokens", () => {
    const stats = new UsageStatistics();
    stats.record({ time: 1, kind: "completion", latencyMs: 1, promptTokens: 1_000_000, promptTokensEvaluated: 10, generatedTokens: 500_000 });
    const [cost] = stats.summary([{ name: "X", inputPerMillionTokens: 2, outputPerMillionTokens: 8 }]).cloudCost;
    assert.deepEqual(cost, { name: "X", dollars: 6 });
  });

  it("survives a round trip through JSON, starts empty from a corrupt file, and clears", () => {
    const stats = new UsageStatistics();
    stats.record(request(10));
    let changes = 0;
    const again = new UsageStatistics(JSON.parse(JSON.stringify(stats.toJSON())));
    again.onDidChange(() => changes++);
    assert.equal(again.summary([]).requests, 1);
    assert.equal(new UsageStatistics({ version: 9 }).summary([]).requests, 0);
    assert.equal(new UsageStatistics("garbage").summary([]).requests, 0);
    again.clear();
    assert.equal(again.summary([]).requests, 0);
    assert.equal(changes, 1);
  });

  it("ignores invalid price entries", () => {
    assert.deepEqual(validPrices([{ name: "ok", inputPerMillionTokens: 1, outputPerMillionTokens: 2 }, { name: "bad", inputPerMillionTokens: -1, outputPerMillionTokens: 2 }, 7, null]), [{ name: "ok", inputPerMillionTokens: 1, outputPerMillionTokens: 2 }]);
    assert.deepEqual(validPrices("nope"), []);
  });
});
