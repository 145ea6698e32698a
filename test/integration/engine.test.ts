// The real worker process running the tiny synthetic model through node-llama-cpp.
import assert from "node:assert/strict";
import type { EngineClient } from "../../src/host/engineClient";
import { EngineError, EngineErrorCode } from "../../src/protocol/errors";
import { sampleCode } from "../../src/cli/bench/sampleCode";
import { engineFor, isAlive, tinyModel } from "./fixtures";

describe("engine on the tiny model", function () {
  let engine: EngineClient;
  let model: string;

  before(async () => {
    model = await tinyModel();
    engine = engineFor(model);
  });
  after(() => engine.dispose());

  it("does not start a worker until a model is needed", () => {
    assert.equal(engine.workerPid, undefined);
  });

  it("loads the model and describes it, reporting load progress on the way", async () => {
    const progress: number[] = [];
    const subscription = engine.onDidChangeState((state) => state.kind === "loading" && state.progress !== undefined && progress.push(state.progress));
    const info = await engine.ensureModel();
    subscription.dispose();
    assert.ok(progress.length >= 2, `load progress: ${progress}`);
    assert.deepEqual([...progress].sort((a, b) => a - b), progress, "progress never goes back");
    assert.ok(progress.at(-1)! > 0.9 && progress.at(-1)! <= 1, `ends near 1: ${progress}`);
    assert.equal(info.architecture, "llama");
    assert.equal(info.fim, true);
    assert.equal(info.chatTemplate, true);
    assert.equal(info.backend, "cpu");
    assert.equal(info.threads, 1);
    assert.ok(info.contextLength >= 2048, `training context ${info.contextLength}`);
    assert.ok(info.fileSizeBytes > 0);
    assert.ok(engine.workerPid !== undefined && engine.workerPid !== process.pid);
    assert.deepEqual(await engine.describe(), info);
  });

  it("generates text with timings and token counts", async () => {
    const result = await engine.generate({ prompt: "The quick brown fox", maxTokens: 12, ignoreEndOfGeneration: true });
    const t = result.timings;
    assert.equal(result.stopReason, "maxTokens");
    assert.equal(t.generatedTokens, 12);
    assert.ok(result.text.length > 0);
    assert.equal(t.promptTokensEvaluated + t.promptTokensReused, t.promptTokens);
    assert.ok(t.promptMs > 0 && t.generationMs >= 0 && t.totalMs >= t.promptMs);
  });

  it("reuses the KV cache for the same prompt: only the last token is evaluated again", async () => {
    const prompt = sampleCode(40);
    const first = await engine.generate({ prompt, maxTokens: 4, ignoreEndOfGeneration: true });
    const second = await engine.generate({ prompt, maxTokens: 4, ignoreEndOfGeneration: true });
    assert.ok(first.timings.promptTokensEvaluated > 100);
    assert.equal(second.timings.promptTokensEvaluated, 1);
    assert.equal(second.timings.promptTokensReused, second.timings.promptTokens - 1);
    assert.equal(second.text, first.text, "greedy decoding of the same prompt gives the same text");
  });

  it("fills in the middle on its own sequence, without evicting the text sequence", async () => {
    const prompt = sampleCode(30, 3);
    await engine.generate({ prompt, maxTokens: 2 });
    const infill = await engine.infill({ prefix: "function add(a, b) {\n  return ", suffix: ";\n}\n", maxTokens: 8, ignoreEndOfGeneration: true });
    assert.equal(infill.timings.generatedTokens, 8);
    assert.equal(infill.stopReason, "maxTokens");
    // The scheduler starts requests before a pause only on this figure (cores others kept busy).
    const load = infill.timings.otherBusyCores;
    assert.ok(typeof load === "number" && load >= 0, `otherBusyCores reported: ${load}`);
    const again = await engine.generate({ prompt, maxTokens: 2 });
    assert.equal(again.timings.promptTokensEvaluated, 1, "the text sequence kept its cache");
  });

  it("streams partial text that adds up to the final text", async () => {
    const deltas: string[] = [];
    const result = await engine.generate(
      { prompt: "Once upon a time", maxTokens: 30, ignoreEndOfGeneration: true },
      { onPartialText: (delta) => deltas.push(delta) },
    );
    assert.ok(deltas.length > 1, `${deltas.length} partial texts`);
    assert.equal(deltas.join(""), result.text);
  });

  it("reports prompt processing progress up to the whole prompt", async () => {
    const progress: [number, number][] = [];
    const result = await engine.generate({ prompt: sampleCode(60, 11), maxTokens: 1 }, { onPromptProgress: (done, total) => progress.push([done, total]) });
    assert.ok(progress.length >= 2, `${progress.length} progress reports`);
    const evaluated = progress.map(([done]) => done);
    assert.deepEqual(evaluated, [...evaluated].sort((a, b) => a - b));
    const [lastDone, total] = progress.at(-1)!;
    assert.equal(lastDone, total);
    assert.equal(total, result.timings.promptTokens - 1, "every prompt token but the last, which is evaluated with the first sampled one");
  });

  it("stops at a stop string and never returns it", async () => {
    const free = await engine.generate({ prompt: "Stop here:", maxTokens: 40, ignoreEndOfGeneration: true, seed: 1 });
    const stop = free.text.slice(10, 13);
    assert.equal(stop.length, 3, `output long enough: ${JSON.stringify(free.text)}`);
    const stopped = await engine.generate({ prompt: "Stop here:", maxTokens: 40, ignoreEndOfGeneration: true, seed: 1, stop: [stop] });
    assert.equal(stopped.stopReason, "stopString");
    assert.equal(stopped.text, free.text.slice(0, free.text.indexOf(stop)));
  });

  it("aborts during generation and returns the partial text", async () => {
    const abort = new AbortController();
    let streamed = "";
    const result = await engine.generate(
      { prompt: "Count:", maxTokens: 1500, ignoreEndOfGeneration: true },
      {
        signal: abort.signal,
        onPartialText: (delta) => {
          streamed += delta;
          abort.abort();
        },
      },
    );
    assert.equal(result.stopReason, "aborted");
    assert.ok(result.timings.generatedTokens < 1500);
    assert.ok(result.text.startsWith(streamed));
  });

  it("aborts during prompt processing, between chunks", async () => {
    const prompt = sampleCode(90, 9); // about 1,500 tokens with the tiny vocabulary: many chunks
    const abort = new AbortController();
    const progress: number[] = [];
    const result = await engine.generate(
      { prompt, maxTokens: 8 },
      {
        signal: abort.signal,
        onPromptProgress: (evaluated) => {
          progress.push(evaluated);
          abort.abort(); // after the first chunk
        },
      },
    );
    assert.ok(progress.length >= 1 && progress.length <= 3, `stopped within a chunk or two: ${progress}`);
    assert.equal(result.stopReason, "aborted");
    assert.equal(result.timings.generatedTokens, 0);
    assert.ok(result.timings.promptTokensEvaluated < result.timings.promptTokens, `${result.timings.promptTokensEvaluated} of ${result.timings.promptTokens} evaluated`);
  });

  it("runs requests on the same sequence one after the other", async () => {
    const results = await Promise.all(
      [1, 2, 3].map((n) => engine.generate({ prompt: `Request ${n}:`, maxTokens: 5, ignoreEndOfGeneration: true })),
    );
    for (const r of results) assert.equal(r.timings.generatedTokens, 5);
  });

  it("refuses a prompt longer than the context with a clear error", async () => {
    await assert.rejects(
      engine.generate({ prompt: sampleCode(2000), maxTokens: 8 }),
      (error: EngineError) => error.code === EngineErrorCode.PromptTooLong && /context holds/.test(error.message),
    );
  });

  it("unloads the model (stopping the worker) and loads it again on the next request", async () => {
    const pid = engine.workerPid;
    await engine.unload();
    assert.equal(await engine.status(), null);
    assert.equal(isAlive(pid), false, "the worker process is gone, and its memory with it");
    const result = await engine.generate({ prompt: "Back again", maxTokens: 3, ignoreEndOfGeneration: true });
    assert.equal(result.timings.generatedTokens, 3);
  });

  it("two windows at once: two engines on the same model file load and answer side by side", async () => {
    // Each VS Code window has its own extension host and worker; llama.cpp maps the file, so the
    // two processes share its pages in the page cache rather than reading it twice.
    const other = engineFor(await tinyModel());
    try {
      const [a, b] = await Promise.all([
        engine.infill({ prefix: "function add(a, b) {\n  return ", suffix: "\n}\n", maxTokens: 6, ignoreEndOfGeneration: true }),
        other.infill({ prefix: "def add(a, b):\n    return ", suffix: "\n", maxTokens: 6, ignoreEndOfGeneration: true }),
      ]);
      assert.equal(a.timings.generatedTokens, 6);
      assert.equal(b.timings.generatedTokens, 6);
      assert.notEqual(engine.workerPid, other.workerPid);
    } finally {
      await other.dispose();
    }
  });
});
