import assert from "node:assert/strict";
import type { RequestOptions } from "../../../src/protocol/requestOptions";
import type { GenerationResult, InfillParams } from "../../../src/protocol/types";
import { type Answered, HybridEngine, type LocalEngine } from "../../../src/server/hybridEngine";
import { misconfigured, unavailable } from "../../../src/server/serverError";
import type { ServerEngine } from "../../../src/server/serverEngine";
import { FakeTimers, settle } from "./fakeTimers";

const TIMINGS = { promptTokens: 1, promptTokensEvaluated: 1, promptTokensReused: 0, generatedTokens: 1, promptMs: 1, generationMs: 1, totalMs: 2 };
const PARAMS: InfillParams = { prefix: "a", suffix: "b", maxTokens: 4 };

/** An engine whose infill does what the test sets: answer, fail, or wait for an abort. */
function engine(name: string) {
  const state = {
    mode: "answer" as "answer" | "fail" | "misconfigured" | "hang",
    calls: 0,
    healthy: true,
  };
  const impl = {
    api: "llama-server" as const,
    url: "http://127.0.0.1:1",
    describe: () => name,
    health: async () => {
      if (!state.healthy) throw unavailable("still down");
    },
    dispose: () => undefined,
    infill: (_params: InfillParams, options: RequestOptions = {}): Promise<GenerationResult> => {
      state.calls++;
      if (state.mode === "fail") return Promise.reject(unavailable(`${name} refused the connection`));
      if (state.mode === "misconfigured") return Promise.reject(misconfigured(`${name} refused the API key`));
      if (state.mode === "hang") {
        return new Promise((resolve) => options.signal?.addEventListener("abort", () => resolve({ text: "", stopReason: "aborted", timings: TIMINGS })));
      }
      options.onPartialText?.(`${name} text`);
      return Promise.resolve({ text: `${name} text`, stopReason: "endOfGeneration", timings: TIMINGS });
    },
  };
  return { state, impl: impl as unknown as ServerEngine & LocalEngine };
}

function setup(slowMs = 1000) {
  const timers = new FakeTimers();
  const server = engine("server");
  const local = engine("local");
  const answered: Answered[] = [];
  const hybrid = new HybridEngine(server.impl, () => local.impl, { slowMs, retryMs: 30_000, timers, onAnswered: (a) => answered.push(a) });
  return { timers, server, local, answered, hybrid };
}

describe("HybridEngine", () => {
  it("uses the server while it answers", async () => {
    const { hybrid, answered, local } = setup();
    const result = await hybrid.infill(PARAMS);
    assert.equal(result.text, "server text");
    assert.equal(local.state.calls, 0);
    assert.deepEqual(answered, [{ by: "server", why: "" }]);
  });

  it("answers a failed request locally, stays local, and returns to the server once a probe succeeds", async () => {
    const { hybrid, answered, server, local, timers } = setup();
    server.state.mode = "fail";
    server.state.healthy = false;
    assert.equal((await hybrid.infill(PARAMS)).text, "local text");
    assert.equal(answered[0]!.by, "local");
    assert.match(answered[0]!.why, /server refused the connection/);
    server.state.mode = "answer";
    assert.equal((await hybrid.infill(PARAMS)).text, "local text", "no server request until a probe succeeds");
    assert.equal(server.state.calls, 1);
    await timers.tick(30_000);
    assert.equal(hybrid.switch.useServer, false, "the probe failed");
    server.state.healthy = true;
    await timers.tick(30_000);
    assert.equal(hybrid.switch.useServer, true);
    assert.equal((await hybrid.infill(PARAMS)).text, "server text");
    assert.equal(local.state.calls, 2);
  });

  it("abandons a server slower than the limit for the local model", async () => {
    const { hybrid, server, answered, timers } = setup(1000);
    server.state.mode = "hang";
    const pending = hybrid.infill(PARAMS);
    await settle();
    await timers.tick(1000);
    assert.equal((await pending).text, "local text");
    assert.match(answered[0]!.why, /took longer than 1000 ms/);
    assert.equal(hybrid.switch.state.kind, "unavailable");
  });

  it("does not fall back when the user aborts a server request", async () => {
    const { hybrid, server, local } = setup();
    server.state.mode = "hang";
    const abort = new AbortController();
    const pending = hybrid.infill(PARAMS, { signal: abort.signal });
    await settle();
    abort.abort();
    assert.equal((await pending).stopReason, "aborted");
    assert.equal(local.state.calls, 0);
    assert.equal(hybrid.switch.useServer, true);
  });

  it("stays local without probing after a misconfiguration (wrong API key)", async () => {
    const { hybrid, server, timers, answered } = setup();
    server.state.mode = "misconfigured";
    assert.equal((await hybrid.infill(PARAMS)).text, "local text");
    assert.match(answered[0]!.why, /API key/);
    await timers.tick(300_000);
    assert.equal(hybrid.switch.state.kind, "misconfigured");
    assert.equal(timers.scheduled, 0);
  });

  it("does not stream the local answer after the server already streamed part of one", async () => {
    const { hybrid, server, local } = setup();
    const deltas: string[] = [];
    server.impl.infill = (_p: InfillParams, options: RequestOptions = {}) => {
      options.onPartialText?.("server part");
      return Promise.reject(unavailable("server closed the connection mid-answer"));
    };
    const result = await hybrid.infill(PARAMS, { onPartialText: (d) => deltas.push(d) });
    assert.equal(result.text, "local text");
    assert.deepEqual(deltas, ["server part"]);
    assert.equal(local.state.calls, 1);
  });
});
