import assert from "node:assert/strict";
import { CompletionPipeline, type CompletionOutcome, type InfillEngine } from "../../../src/completion/completionPipeline";
import { linesFromText } from "../../../src/completion/context/documentLines";
import { CompletionScheduler } from "../../../src/completion/scheduling/completionScheduler";
import type { RequestOptions } from "../../../src/protocol/requestOptions";
import type { GenerationResult, InfillParams } from "../../../src/protocol/types";

/** An engine the test drives by hand: it streams what the test says, when the test says it. */
class ScriptedEngine implements InfillEngine {
  calls: { params: InfillParams; options: RequestOptions; finish(text: string): void; stream(delta: string): void; fail(error: Error): void }[] = [];

  infill(params: InfillParams, options: RequestOptions = {}): Promise<GenerationResult> {
    return new Promise((resolve, reject) => {
      let streamed = "";
      this.calls.push({
        params,
        options,
        stream: (delta) => {
          streamed += delta;
          options.onPartialText?.(delta);
        },
        finish: (text = streamed) => resolve({ text, stopReason: "endOfGeneration", timings: TIMINGS }),
        fail: reject,
      });
    });
  }

  get last() {
    return this.calls.at(-1)!;
  }
}

const TIMINGS = { promptTokens: 10, promptTokensEvaluated: 10, promptTokensReused: 0, generatedTokens: 5, promptMs: 1, generationMs: 1, totalMs: 2 };
const settle = () => new Promise((resolve) => setImmediate(resolve));

function at(text: string, line: number, character: number) {
  return { doc: linesFromText(text, "typescript"), position: { line, character }, documentKey: "file:///a.ts", indentation: { useTabs: false, size: 2 } };
}

describe("streaming a multi-line suggestion", () => {
  const source = "function total(items: number[]) {\n\n}\n";
  const bodyLine = at(source, 1, 0);

  it("answers with the first complete line, then caches the whole suggestion", async () => {
    const engine = new ScriptedEngine();
    const pipeline = new CompletionPipeline(engine);
    const answer = pipeline.complete({ ...bodyLine, signal: new AbortController().signal });
    await settle();
    engine.last.stream("  let sum = 0;\n  for (const i of it");
    const early = await answer;
    assert.equal(early.text, "  let sum = 0;");
    assert.ok(early.rest, "the rest is still coming");
    engine.last.stream("ems) sum += i;\n  return sum;\n}\n");
    engine.last.finish("  let sum = 0;\n  for (const i of items) sum += i;\n  return sum;\n}\n");
    const whole = await early.rest!;
    assert.equal(whole.text, "  let sum = 0;\n  for (const i of items) sum += i;\n  return sum;");
    assert.equal(pipeline.cached(bodyLine)?.text, whole.text, "asking again at the spot shows the whole suggestion");
  });

  it("does not stream single-line requests", async () => {
    const engine = new ScriptedEngine();
    const pipeline = new CompletionPipeline(engine);
    const seen: { outcome?: CompletionOutcome } = {};
    const outcome = () => seen.outcome;
    void pipeline.complete({ ...at("const n = ", 0, 10), signal: new AbortController().signal }).then((o) => (seen.outcome = o));
    await settle();
    engine.last.stream("items.length;\n");
    await settle();
    assert.equal(outcome(), undefined, "nothing before the whole answer");
    engine.last.finish("items.length;");
    await settle();
    assert.equal(outcome()?.text, "items.length;");
    assert.equal(outcome()?.rest, undefined);
  });

  it("waits for the whole answer when the first line is not worth showing", async () => {
    const engine = new ScriptedEngine();
    const pipeline = new CompletionPipeline(engine);
    const doc = at("function f() {\n\n  return a;\n}\n", 1, 0);
    const seen: { outcome?: CompletionOutcome } = {};
    const outcome = () => seen.outcome;
    void pipeline.complete({ ...doc, signal: new AbortController().signal }).then((o) => (seen.outcome = o));
    await settle();
    engine.last.stream("  return a;\n");
    await settle();
    assert.equal(outcome(), undefined, "a line that repeats the next one is not shown early");
    engine.last.finish("  return a;\n}");
    await settle();
    assert.equal(outcome()?.text, "");
  });

  it("keeps generating the rest while the user types the first line, and stops it on anything else", async () => {
    const engine = new ScriptedEngine();
    const scheduler = new CompletionScheduler(new CompletionPipeline(engine));
    const first = scheduler.request(bodyLine, undefined, { immediate: true });
    await settle();
    engine.last.stream("  let sum = 0;\n");
    const early = await first;
    assert.equal(early.text, "  let sum = 0;");
    const generation = engine.last;

    const typedAlong = await scheduler.request(at("function total(items: number[]) {\n  let s\n}\n", 1, 7));
    assert.equal(typedAlong.text, "um = 0;", "typed into the first line: from the cache");
    assert.equal(generation.options.signal?.aborted, false, "the rest keeps coming");

    const elsewhere = scheduler.request(at("function total(items: number[]) {\n  let x\n}\n", 1, 7), undefined, { immediate: true });
    assert.equal(generation.options.signal?.aborted, true, "a different character stops the stale generation at once");
    generation.finish("  let sum = 0;\n  return sum;");
    assert.equal((await early.rest!).reason, "superseded by a newer request");
    await settle();
    engine.last.finish(" = 1;");
    assert.equal((await elsewhere).text, " = 1;");
  });

  it("a background generation that fails (worker crash mid-stream) rejects its rest, and nothing is left unhandled", async () => {
    const engine = new ScriptedEngine();
    const scheduler = new CompletionScheduler(new CompletionPipeline(engine));
    const answer = scheduler.request(bodyLine, undefined, { immediate: true });
    await settle();
    engine.last.stream("  let sum = 0;\n  for");
    const early = await answer;
    assert.ok(early.rest);
    engine.last.fail(new Error("The inference worker stopped unexpectedly"));
    await assert.rejects(early.rest!, /stopped unexpectedly/);
    // The scheduler's own bookkeeping on the rest must not leave a rejected promise behind:
    // test/support/failOnUnhandledRejection.ts fails this test if it does.
    await settle();
  });

  it("stops generating as soon as a streamed line repeats the line below the cursor", async () => {
    const engine = new ScriptedEngine();
    const pipeline = new CompletionPipeline(engine);
    const source = "function f() {\n\n  return total;\n}\n";
    const answer = pipeline.complete({ ...at(source, 1, 0), signal: new AbortController().signal });
    await settle();
    engine.last.stream("  const total = 1;\n");
    assert.equal(engine.last.options.signal?.aborted, false);
    engine.last.stream("  return total;\n");
    assert.equal(engine.last.options.signal?.aborted, true, "aborted in-stream: the rest would repeat what is there");
    engine.last.finish("  const total = 1;\n  return total;\n");
    const outcome = await answer;
    const whole = outcome.rest ? await outcome.rest : outcome;
    assert.equal(whole.text, "  const total = 1;");
  });
});
