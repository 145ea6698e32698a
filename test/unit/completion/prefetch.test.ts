import assert from "node:assert/strict";
import { CompletionPipeline, type InfillEngine } from "../../../src/completion/completionPipeline";
import { linesFromText, withInsertion } from "../../../src/completion/context/documentLines";
import { CompletionScheduler } from "../../../src/completion/scheduling/completionScheduler";
import type { GenerationResult, InfillParams } from "../../../src/protocol/types";
import type { RequestOptions } from "../../../src/protocol/requestOptions";

interface Call {
  params: InfillParams;
  signal?: AbortSignal;
  answer: (text: string) => void;
  fail: (error: Error) => void;
}

/** Holds every request until the test answers it; reports an idle machine (or a busy one). */
class HeldEngine implements InfillEngine {
  calls: Call[] = [];
  otherBusyCores = 0.1;

  infill(params: InfillParams, options?: RequestOptions): Promise<GenerationResult> {
    return new Promise((resolve, reject) => {
      const call: Call = {
        params,
        signal: options?.signal,
        fail: reject,
        answer: (text) =>
          resolve({ text, stopReason: "endOfGeneration", timings: { promptTokens: 10, promptTokensEvaluated: 2, promptTokensReused: 8, generatedTokens: 3, promptMs: 1, generationMs: 1, totalMs: 2, otherBusyCores: this.otherBusyCores } }),
      };
      this.calls.push(call);
      options?.signal?.addEventListener("abort", () => call.answer(""), { once: true });
    });
  }
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};
const at = (text: string) => ({ doc: linesFromText(text, "typescript"), position: { line: 0, character: text.length }, documentKey: "file:///a.ts" });

async function shownSuggestion(engine: HeldEngine, prefetch: () => boolean): Promise<CompletionScheduler> {
  const scheduler = new CompletionScheduler(new CompletionPipeline(engine), { prefetch });
  const first = scheduler.request(at("const a = "), undefined, { immediate: true });
  await settle();
  engine.calls[0]!.answer("b + 1;");
  assert.equal((await first).text, "b + 1;");
  await settle();
  return scheduler;
}

describe("prefetching the suggestion after the one shown", () => {
  it("asks for the spot after accepting, and answers Tab from the cache", async () => {
    const engine = new HeldEngine();
    const scheduler = await shownSuggestion(engine, () => true);
    assert.equal(engine.calls.length, 2);
    assert.equal(engine.calls[1]!.params.prefix, "const a = b + 1;");
    engine.calls[1]!.answer(" // done");
    await settle();
    const afterTab = await scheduler.request(at("const a = b + 1;"));
    assert.deepEqual([afterTab.status, afterTab.text, afterTab.source], ["suggestion", " // done", "cache"]);
    await settle();
    assert.equal(engine.calls.length, 3, "and prefetches again after the prefetched one");
    scheduler.cancel();
  });

  it("waits for a prefetch still running when Tab comes, rather than asking again", async () => {
    const engine = new HeldEngine();
    const scheduler = await shownSuggestion(engine, () => true);
    const afterTab = scheduler.request(at("const a = b + 1;"));
    await settle();
    assert.equal(engine.calls.length, 2);
    engine.calls[1]!.answer(" // done");
    assert.equal((await afterTab).text, " // done");
    assert.equal(engine.calls[1]!.signal?.aborted, false);
    scheduler.cancel();
  });

  it("aborts the prefetch when the user types something else", async () => {
    const engine = new HeldEngine();
    const scheduler = await shownSuggestion(engine, () => true);
    const elsewhere = scheduler.request(at("const a = c"), undefined, { immediate: true });
    await settle();
    assert.equal(engine.calls[1]!.signal?.aborted, true);
    assert.equal(engine.calls[2]!.params.prefix, "const a = c");
    scheduler.cancel();
    await elsewhere;
  });

  it("a prefetch that failed (worker crash) is not waited for: Tab asks the model afresh and gets its answer", async () => {
    const engine = new HeldEngine();
    const scheduler = await shownSuggestion(engine, () => true);
    engine.calls[1]!.fail(new Error("the worker exited"));
    await settle();
    const afterTab = scheduler.request(at("const a = b + 1;"), undefined, { immediate: true });
    await settle();
    assert.equal(engine.calls.length, 3, "a new request for the spot after Tab");
    engine.calls[2]!.answer(" // again");
    assert.equal((await afterTab).text, " // again");
    scheduler.cancel();
  });

  it("does not prefetch when not allowed (setting never, on battery, a CPU budget)", async () => {
    const engine = new HeldEngine();
    await shownSuggestion(engine, () => false);
    assert.equal(engine.calls.length, 1);
  });

  it("does not prefetch while other processes keep the CPU busy", async () => {
    const engine = new HeldEngine();
    engine.otherBusyCores = 0.9;
    await shownSuggestion(engine, () => true);
    assert.equal(engine.calls.length, 1);
  });
});

describe("the document after a suggestion is accepted", () => {
  const doc = linesFromText("function f() {\n  return \n}\nf();", "typescript");

  it("inserts one line at the cursor", () => {
    const after = withInsertion(doc, { line: 1, character: 9 }, "1;");
    assert.deepEqual([after.doc.lineCount, after.doc.lineAt(1), after.doc.lineAt(2), after.position], [4, "  return 1;", "}", { line: 1, character: 11 }]);
  });

  it("inserts several lines, keeping the rest of the cursor's line after them", () => {
    const after = withInsertion(doc, { line: 0, character: 14 }, "\n  const x = 1;\n  x");
    const lines = Array.from({ length: after.doc.lineCount }, (_, i) => after.doc.lineAt(i));
    assert.deepEqual(lines, ["function f() {", "  const x = 1;", "  x", "  return ", "}", "f();"]);
    assert.deepEqual(after.position, { line: 2, character: 3 });
  });
});
