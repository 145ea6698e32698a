// The engine client's state machine (load, crash, restart with backoff, idle unload, settings
// change) with a scripted worker and a fake clock: no process, no model.
import assert from "node:assert/strict";
import type { RequestType } from "vscode-jsonrpc";
import { type EngineConfig, EngineClient } from "../../../src/host/engineClient";
import type { EngineWorker, WorkerHandlers } from "../../../src/host/engineWorker";
import { EngineError, EngineErrorCode } from "../../../src/protocol/errors";
import type { ModelInfo } from "../../../src/protocol/types";
import type { Timers } from "../../../src/shared/timers";

class FakeClock implements Timers {
  now = 0;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private next = 1;
  setTimeout(callback: () => void, ms: number) {
    const id = this.next++;
    this.timers.push({ at: this.now + ms, callback, id });
    return { id, unref() {} };
  }
  clearTimeout(handle: unknown) {
    this.timers = this.timers.filter((t) => t.id !== (handle as { id: number }).id);
  }
  pending(): number[] {
    return this.timers.map((t) => t.at - this.now);
  }
  /** Runs every timer due within ms, in order. */
  async advance(ms: number) {
    const end = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.at;
      due.callback();
      await new Promise((r) => setImmediate(r));
    }
    this.now = end;
  }
}

class ScriptedWorker implements EngineWorker {
  alive = true;
  readonly requests: string[] = [];
  failLoad: Error | undefined;
  crashOnLoad = false;
  constructor(
    readonly pid: number,
    private readonly handlers: WorkerHandlers,
  ) {}
  async request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R> {
    if (!this.alive) throw new EngineError(EngineErrorCode.WorkerCrashed, "gone");
    this.requests.push(type.method);
    if (type.method === "model/load") {
      if (this.failLoad) throw this.failLoad;
      if (this.crashOnLoad) {
        this.crash();
        throw new EngineError(EngineErrorCode.WorkerCrashed, "crashed while loading");
      }
      return modelInfo((params as { modelPath: string }).modelPath) as R;
    }
    return { text: "x", stopReason: "eogToken", timings: {} } as R;
  }
  async stop() {
    this.alive = false;
  }
  crash() {
    this.alive = false;
    this.handlers.onExit({ code: null, signal: "SIGKILL" });
  }
}

function modelInfo(path: string): ModelInfo {
  return { path, name: "m", architecture: "llama", fileSizeBytes: 1, contextLength: 512, contextSize: 512, fim: true, chatTemplate: false, quantization: "F32", backend: "cpu", gpuDevices: [], threads: 1, vocabularySize: 10, loadMs: 1, estimatedMemoryBytes: 1 };
}

function setup(config: Partial<EngineConfig> = {}) {
  const clock = new FakeClock();
  const workers: ScriptedWorker[] = [];
  const crashing = { onLoad: 0 };
  const cfg: EngineConfig = { modelPath: "/m.gguf", contextSize: 512, threads: 1, gpu: "off", idleUnloadMs: 60_000, ...config };
  const logs: string[] = [];
  const client = new EngineClient({
    createWorker: (handlers) => {
      const worker = new ScriptedWorker(workers.length + 1, handlers);
      worker.crashOnLoad = crashing.onLoad-- > 0;
      workers.push(worker);
      return worker;
    },
    getConfig: () => cfg,
    log: (m) => logs.push(`${m.level}: ${m.message}`),
    timers: clock,
  });
  return { client, clock, workers, cfg, logs, crashing };
}

const infill = (client: EngineClient) => client.infill({ prefix: "a", suffix: "", maxTokens: 1 } as never);

describe("EngineClient state machine (scripted worker, fake clock)", () => {
  it("unloads after the idle time, not before, and loads again on the next request", async () => {
    const { client, clock, workers } = setup();
    await infill(client);
    assert.equal(client.state.kind, "ready");
    await clock.advance(59_999);
    assert.equal(client.state.kind, "ready");
    await clock.advance(1);
    assert.equal(client.state.kind, "idle");
    assert.equal(workers[0]!.alive, false);
    await infill(client);
    assert.equal(workers.length, 2);
  });

  it("an idle time above setTimeout's limit (40,000 minutes) is held to the limit, not fired at once", async () => {
    const { client, clock } = setup({ idleUnloadMs: 40_000 * 60_000 });
    await infill(client);
    assert.deepEqual(clock.pending(), [2 ** 31 - 1]);
    await clock.advance(10_000);
    assert.equal(client.state.kind, "ready");
  });

  it("a crash is reported, the next request restarts the worker; crashes in a row back off", async () => {
    const { client, clock, workers, crashing } = setup({ idleUnloadMs: 0 });
    await infill(client);
    workers[0]!.crash();
    assert.equal(client.state.kind, "error");
    crashing.onLoad = 1; // the restarted worker crashes again while loading
    await assert.rejects(infill(client), /crashed while loading/);
    assert.equal(workers.length, 2, "first crash: restarted at once");
    let done = false;
    const next = infill(client).then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(done, false, "second crash in a row: waits before restarting");
    assert.deepEqual(clock.pending(), [500]);
    await clock.advance(500);
    await next;
    assert.equal(workers.length, 3);
    assert.equal(client.state.kind, "ready");
  });

  it("a settings change reloads the model; an unchanged config does not", async () => {
    const { client, workers, cfg } = setup({ idleUnloadMs: 0 });
    await infill(client);
    await infill(client);
    assert.deepEqual(workers[0]!.requests.filter((m) => m === "model/load").length, 1);
    cfg.contextSize = 1024;
    await infill(client);
    assert.deepEqual(workers[0]!.requests.filter((m) => m === "model/load").length, 2);
  });

  it("an unexpected load failure keeps its cause and logs the stack at debug level", async () => {
    const { client, logs } = setup();
    const original = new TypeError("boom\nsecond line");
    const worker = client as unknown as { options: { createWorker: (h: WorkerHandlers) => ScriptedWorker } };
    const create = worker.options.createWorker;
    worker.options.createWorker = (h) => Object.assign(create(h), { failLoad: original });
    const error = await client.ensureModel().catch((e: unknown) => e);
    assert.ok(error instanceof EngineError);
    assert.equal(error.code, EngineErrorCode.Internal);
    assert.equal(error.message, "Loading the model failed: boom");
    assert.equal(error.cause, original);
    assert.ok(logs.some((l) => l.startsWith("debug: TypeError: boom")));
  });

  it("a model-file load failure is remembered: the next requests fail at once without the worker", async () => {
    const { client, workers } = setup();
    const create = (client as unknown as { options: { createWorker: (h: WorkerHandlers) => ScriptedWorker } }).options;
    const original = create.createWorker;
    create.createWorker = (h) => Object.assign(original(h), { failLoad: new EngineError(EngineErrorCode.ModelNotGguf, "not a GGUF", "/m.gguf") });
    for (let i = 0; i < 5; i++) await assert.rejects(client.ensureModel(), /not a GGUF/);
    assert.equal(workers[0]!.requests.filter((m) => m === "model/load").length, 1);
  });
});
