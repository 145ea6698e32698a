// The CPU budget through a real worker: the worker's CPU time is read after each request and
// recorded; over the cap, the next request waits (and an abort ends the wait with an aborted
// request, not an error); under it, requests go straight through.
import { strict as assert } from "node:assert";
import { CpuBudget } from "../../src/host/cpuBudget";
import { CpuGate } from "../../src/host/cpuGate";
import { EngineClient } from "../../src/host/engineClient";
import { forkWorker } from "../../src/host/engineWorker";
import { assertBuilt, testConfig, tinyModel, WORKER } from "./fixtures";

describe("CPU budget with a real worker", function () {
  this.timeout(120_000);
  let engine: EngineClient;
  let share = 0;
  const used: number[] = [];
  const logged: string[] = [];
  let nextUse: (() => void) | undefined;

  before(async () => {
    assertBuilt();
    const config = testConfig(await tinyModel());
    const gate = new CpuGate(
      new CpuBudget(() => share, 1),
      () => engine.status(),
      (ms) => {
        used.push(ms);
        nextUse?.();
      },
      (message) => logged.push(message),
    );
    engine = new EngineClient({ createWorker: forkWorker({ workerPath: WORKER }), getConfig: () => config, log: () => undefined, requestGate: gate });
  });
  after(() => engine.dispose());

  const cpuRecorded = () => new Promise<void>((resolve) => (nextUse = resolve));

  it("records the worker's CPU time after a request (its model load included the first time)", async () => {
    const recorded = cpuRecorded();
    const result = await engine.generate({ prompt: "function add(a, b) {", maxTokens: 8, ignoreEndOfGeneration: true });
    assert.equal(result.timings.generatedTokens, 8);
    await recorded;
    assert.ok(used[0]! > 0, `CPU recorded: ${used.join(", ")}`);
    assert.deepEqual(logged, [], "no cap: no wait");
  });

  it("over the cap, the next request waits; an abort ends the wait and the request as aborted", async () => {
    share = 1e-6; // 0.06 ms of CPU a minute: the first request's CPU is far over it
    const abort = new AbortController();
    const request = engine.generate({ prompt: "x", maxTokens: 4 }, { signal: abort.signal });
    // The wait is logged before it starts: a condition, not a sleep.
    while (logged.length === 0) await new Promise((resolve) => setImmediate(resolve));
    assert.match(logged[0]!, /CPU budget reached .* the request waits \d+ s/);
    abort.abort();
    const result = await request;
    assert.equal(result.stopReason, "aborted");
  });

  it("with the cap lifted, requests go straight through again", async () => {
    share = 0;
    logged.length = 0;
    const recorded = cpuRecorded();
    await engine.generate({ prompt: "y", maxTokens: 2 });
    await recorded;
    assert.deepEqual(logged, []);
  });
});
