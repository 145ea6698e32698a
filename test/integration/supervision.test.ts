// A killed worker: requests in flight fail clearly, the next request restarts it.
import assert from "node:assert/strict";
import { EngineError, EngineErrorCode } from "../../src/protocol/errors";
import { engineFor, isAlive, tinyModel } from "./fixtures";

describe("worker supervision", function () {
  it("fails the request in flight when the worker is killed, and recovers on the next one", async () => {
    const engine = engineFor(await tinyModel());
    try {
      await engine.ensureModel();
      const pid = engine.workerPid!;
      let started!: () => void;
      const streaming = new Promise<void>((resolve) => (started = resolve));
      const inFlight = engine.generate({ prompt: "Long story:", maxTokens: 1800, ignoreEndOfGeneration: true }, { onPartialText: () => started() });
      await streaming;
      process.kill(pid, "SIGKILL");
      await assert.rejects(inFlight, (error: EngineError) => error.code === EngineErrorCode.WorkerCrashed && /SIGKILL/.test(error.message));
      assert.equal(engine.state.kind, "error");

      const after = await engine.generate({ prompt: "Still here?", maxTokens: 4, ignoreEndOfGeneration: true });
      assert.equal(after.timings.generatedTokens, 4);
      assert.notEqual(engine.workerPid, pid);
      assert.equal(isAlive(pid), false);
    } finally {
      await engine.dispose();
    }
  });

  it("recovers from a worker killed while idle", async () => {
    const engine = engineFor(await tinyModel());
    try {
      await engine.ensureModel();
      const exited = new Promise((resolve) => engine.onDidWorkerExit(resolve));
      process.kill(engine.workerPid!, "SIGKILL");
      await exited;
      const result = await engine.generate({ prompt: "Hello", maxTokens: 2, ignoreEndOfGeneration: true });
      assert.equal(result.timings.generatedTokens, 2);
    } finally {
      await engine.dispose();
    }
  });

  it("unloads an idle model after the configured time", async () => {
    const engine = engineFor(await tinyModel(), { idleUnloadMs: 300 });
    try {
      await engine.generate({ prompt: "Hi", maxTokens: 2, ignoreEndOfGeneration: true });
      const idle = new Promise((resolve) => engine.onDidChangeState((s) => s.kind === "idle" && resolve(s)));
      const pid = engine.workerPid;
      await idle;
      assert.equal(engine.loadedModel, undefined);
      assert.equal(isAlive(pid), false, "the idle worker was stopped: all its memory is back");
      const again = await engine.generate({ prompt: "Hi again", maxTokens: 2, ignoreEndOfGeneration: true });
      assert.equal(again.timings.generatedTokens, 2);
    } finally {
      await engine.dispose();
    }
  });

  it("a request cut short by an unload says so, and is not counted as a crash", async () => {
    const engine = engineFor(await tinyModel());
    try {
      let started!: () => void;
      const streaming = new Promise<void>((resolve) => (started = resolve));
      const inFlight = engine.generate({ prompt: "Long:", maxTokens: 1800, ignoreEndOfGeneration: true }, { onPartialText: () => started() });
      await streaming;
      await engine.unload();
      await assert.rejects(inFlight, (error: EngineError) => error.code === EngineErrorCode.WorkerUnavailable && /unloaded/.test(error.message));
      assert.equal(engine.state.kind, "idle");
    } finally {
      await engine.dispose();
    }
  });

  it("stops the worker on dispose", async () => {
    const engine = engineFor(await tinyModel());
    await engine.ensureModel();
    const pid = engine.workerPid;
    await engine.dispose();
    assert.equal(isAlive(pid), false);
  });

  it("reports a missing model setting without starting a worker", async () => {
    const engine = engineFor(undefined);
    try {
      await assert.rejects(engine.ensureModel(), (e: EngineError) => e.code === EngineErrorCode.NoModelConfigured);
      assert.equal(engine.workerPid, undefined);
      assert.equal(engine.state.kind, "idle", "no model is a state to invite a choice, not an error");
    } finally {
      await engine.dispose();
    }
  });
});
