// The peer benchmark's figures from a replay: what counts as shown, CPU per shown suggestion, and
// wasted compute (requests whose output nobody saw, prefetches included).
import assert from "node:assert/strict";
import { peerFigures } from "../../../src/cli/bench/peers/peerFigures";
import type { ModelRequest } from "../../../src/cli/bench/peers/peerStrategy";
import type { PeerRun } from "../../../src/cli/bench/peers/replayPeers";
import { serverTimings } from "../../../src/cli/bench/peers/serverTimings";
import { percentile, round } from "../../../src/cli/bench/stats";

const timings = (evaluated: number, generated: number, totalMs: number) => ({ promptTokens: 100, promptTokensEvaluated: evaluated, promptTokensReused: 100 - evaluated, generatedTokens: generated, promptMs: totalMs / 2, generationMs: totalMs / 2, totalMs });

describe("peer benchmark figures", () => {
  const requests: ModelRequest[] = [
    { id: 1, kind: "completion", computeMs: 100, timings: timings(10, 5, 100), finished: true },
    { id: 2, kind: "completion", computeMs: 300, timings: timings(30, 20, 300), finished: true },
    { id: 3, kind: "prefetch", computeMs: 100, timings: timings(5, 8, 100), finished: true },
    { id: 4, kind: "completion", computeMs: 50, timings: timings(40, 0, 50), finished: false },
  ];
  const run: PeerRun = {
    cpuSeconds: 4,
    wallSeconds: 10,
    answers: [
      { text: "a + b", source: "model", requestId: 1, keystrokeAt: 0, answeredAt: 200, current: true },
      { text: "x", source: "model", requestId: 2, keystrokeAt: 1000, answeredAt: 1400, current: false },
      { text: "a + b", source: "cache", requestId: 1, keystrokeAt: 2000, answeredAt: 2001, current: true },
      { text: "", source: "none", keystrokeAt: 3000, answeredAt: 3010, current: true },
    ],
  };

  it("counts only current answers with text as shown, and charges the run's CPU to them", () => {
    const f = peerFigures(run, requests, new Map([[1, 80]]));
    assert.equal(f.shown, 2);
    assert.equal(f.fromCache, 1);
    assert.equal(f.cpuSecondsPerShown, 2);
    assert.equal(f.p50Ms, round(percentile([200, 1], 50), 1), "latency from the keystroke: 200 ms and 1 ms (the cache hit)");
    assert.equal(f.floorP50Ms, 80, "the floor of the one shown answer the model gave");
    assert.equal(f.promptTokensEvaluatedP50, 10);
  });

  it("counts the compute of requests nobody saw as wasted: the superseded one, the aborted one and the unused prefetch", () => {
    const f = peerFigures(run, requests, new Map());
    assert.equal(f.wastedCpuShare, round(450 / 550, 3));
    assert.deepEqual(f.requests, { completion: 3, prefetch: 1, context: 0 });
    assert.equal(f.generatedTokens.max, 20);
    assert.equal(f.generatedTokens.n, 3, "the aborted request says nothing about where the model stops");
  });
});

describe("llama-server timings", () => {
  it("maps prompt_n/cache_n/predicted_n to evaluated/reused/generated", () => {
    const t = serverTimings({ tokens_evaluated: 120, timings: { prompt_n: 20, cache_n: 100, prompt_ms: 50, predicted_n: 7, predicted_ms: 70 } });
    assert.deepEqual(t, { promptTokens: 120, promptTokensEvaluated: 20, promptTokensReused: 100, generatedTokens: 7, promptMs: 50, generationMs: 70, totalMs: 120 });
  });
});
