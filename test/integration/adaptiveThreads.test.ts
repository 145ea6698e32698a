// The worker leaves cores that other processes keep busy: with two busy-loop processes on the
// machine, a worker set to 2 threads runs its request with 1 (it says so in its log), and the
// answer is the same as with 2.
import { strict as assert } from "node:assert";
import { type ChildProcess, spawn } from "node:child_process";
import { EngineClient } from "../../src/host/engineClient";
import { forkWorker } from "../../src/host/engineWorker";
import { assertBuilt, testConfig, tinyModel, WORKER } from "./fixtures";

describe("threads adapted to other processes' load", function () {
  this.timeout(120_000);
  const busy: ChildProcess[] = [];
  let engine: EngineClient | undefined;

  afterEach(async () => {
    await engine?.dispose();
    for (const child of busy.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGKILL");
        await exited;
      }
    }
  });

  it("two busy cores: the request runs on 1 of its 2 threads, with the same answer", async () => {
    assertBuilt();
    const config = testConfig(await tinyModel(), { threads: 2 });
    const logs: string[] = [];
    engine = new EngineClient({ createWorker: forkWorker({ workerPath: WORKER }), getConfig: () => config, log: ({ message }) => logs.push(message) });
    await engine.ensureModel();
    const quiet = await engine.generate({ prompt: "function add(a, b) {", maxTokens: 6, ignoreEndOfGeneration: true });
    for (let i = 0; i < 2; i++) busy.push(spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
    // The load is measured between requests (over at least 200 ms): requests until one sees it.
    for (let i = 0; i < 100 && !logs.some((m) => /threads: 1 of 2/.test(m)); i++) {
      await engine.generate({ prompt: `let x${i} = 1;`, maxTokens: 30, ignoreEndOfGeneration: true });
    }
    const loaded = await engine.generate({ prompt: "function add(a, b) {", maxTokens: 6, ignoreEndOfGeneration: true });
    assert.ok(logs.some((m) => /threads: 1 of 2/.test(m)), `no adaptation logged: ${logs.filter((m) => /threads/.test(m)).join(" | ")}`);
    assert.equal(loaded.text, quiet.text, "the same greedy answer with fewer threads");
  });
});
