// The completion pipeline on the real worker and the tiny model: behaviour and limits (the text of
// a random model is noise, so no test looks at words).
import assert from "node:assert/strict";
import { CompletionPipeline, type CompletionOutcome } from "../../src/completion/completionPipeline";
import { renderRelatedSnippets } from "../../src/completion/context/relatedFiles";
import { linesFromText } from "../../src/completion/context/documentLines";
import { CompletionScheduler } from "../../src/completion/scheduling/completionScheduler";
import { dirname, join } from "node:path";
import type { EngineClient } from "../../src/host/engineClient";
import { type EngineError, EngineErrorCode } from "../../src/protocol/errors";
import { writeSyntheticModel } from "../../src/synthetic/writeSyntheticModel";
import { engineFor, tinyModel } from "./fixtures";

const source = Array.from({ length: 300 }, (_, i) => `function step${i}(value: number): number {\n  return value + ${i};\n}\n`).join("\n");

/** A streamed multi-line answer's whole suggestion, or the answer itself. */
async function whole(answer: Promise<CompletionOutcome>): Promise<CompletionOutcome> {
  const outcome = await answer;
  return outcome.rest ? await outcome.rest : outcome;
}

describe("completion pipeline on the tiny model", function () {
  let engine: EngineClient;
  before(async () => {
    engine = engineFor(await tinyModel());
    await engine.ensureModel();
  });
  after(() => engine.dispose());

  const request = (text: string, line: number, character: number, languageId = "typescript") => ({
    doc: linesFromText(text, languageId),
    position: { line, character },
    documentKey: `test://${languageId}`,
  });

  it("answers with a suggestion or a reason, within its token budget, never blank", async () => {
    const pipeline = new CompletionPipeline(engine);
    const outcome = await whole(pipeline.complete({ ...request(source, 400, 2), signal: new AbortController().signal }));
    assert.equal(outcome.source, "model");
    assert.ok(outcome.text.trim() !== "" || (outcome.text === "" && outcome.reason), JSON.stringify(outcome));
    assert.ok(outcome.timings!.generatedTokens <= 160);
    assert.ok(outcome.timings!.promptTokens < 2048, "the window keeps the prompt within the context");
  });

  it("reuses the KV cache from keystroke to keystroke", async () => {
    const pipeline = new CompletionPipeline(engine);
    const lines = source.split("\n");
    const evaluated: number[] = [];
    for (const typed of ["c", "co", "con", "cons", "const"]) {
      lines[600] = `  ${typed}`;
      const outcome = await whole(pipeline.complete({ ...request(lines.join("\n"), 600, typed.length + 2), signal: new AbortController().signal }));
      if (outcome.timings) evaluated.push(outcome.timings.promptTokensEvaluated);
    }
    assert.ok(evaluated.length >= 4);
    assert.ok(evaluated[0]! > 200, `first request evaluates the window: ${evaluated[0]}`);
    for (const n of evaluated.slice(1)) assert.ok(n < 80, `a keystroke re-evaluates only the edit and the short suffix: ${evaluated}`);
  });

  it("keeps reusing the KV cache with excerpts of other files before the window", async () => {
    const pipeline = new CompletionPipeline(engine);
    const related = renderRelatedSnippets([{ path: "src/util.ts", text: "export function clamp(v: number, lo: number, hi: number) {\n  return Math.min(hi, Math.max(lo, v));\n}" }], "typescript");
    const lines = source.split("\n");
    const evaluated: number[] = [];
    const prompts: number[] = [];
    for (const typed of ["c", "cl", "cla", "clam"]) {
      lines[500] = `  ${typed}`;
      const outcome = await whole(pipeline.complete({ ...request(lines.join("\n"), 500, typed.length + 2), related, signal: new AbortController().signal }));
      if (outcome.timings) {
        evaluated.push(outcome.timings.promptTokensEvaluated);
        prompts.push(outcome.timings.promptTokens);
      }
    }
    assert.ok(evaluated.length >= 3);
    for (const n of evaluated.slice(1)) assert.ok(n < 80, `a keystroke re-evaluates only the edit and the short suffix: ${evaluated}`);
    const plain = await whole(new CompletionPipeline(engine).complete({ ...request(lines.join("\n"), 500, 6), signal: new AbortController().signal }));
    assert.ok(prompts.at(-1)! > plain.timings!.promptTokens + 20, `the excerpts are in the prompt: ${prompts.at(-1)} vs ${plain.timings!.promptTokens}`);
  });

  it("serves a suggestion being typed from the cache, without a model call", async () => {
    const pipeline = new CompletionPipeline(engine);
    const lines = source.split("\n");
    lines[700] = "  return ";
    let first;
    for (let attempt = 0; attempt < 5 && !first?.text; attempt++) {
      lines[700] = `  return ${"v".repeat(attempt)}`;
      first = await whole(pipeline.complete({ ...request(lines.join("\n"), 700, lines[700]!.length), signal: new AbortController().signal }));
    }
    assert.ok(first?.text, "the tiny model produced some suggestion");
    const typed = first.text.slice(0, 1);
    lines[700] += typed;
    const next = await whole(pipeline.complete({ ...request(lines.join("\n"), 700, lines[700]!.length), signal: new AbortController().signal }));
    assert.equal(next.source, "cache");
    assert.equal(next.text, first.text.slice(1));
  });

  it("lets the newest request win: older ones end as superseded", async () => {
    const scheduler = new CompletionScheduler(new CompletionPipeline(engine));
    const lines = source.split("\n");
    const outcomes = [];
    for (const typed of ["l", "le", "let", "let ", "let x"]) {
      lines[800] = `  ${typed}`;
      outcomes.push(scheduler.request(request(lines.join("\n"), 800, typed.length + 2)));
    }
    const results = await Promise.all(outcomes);
    for (const r of results.slice(0, -1)) assert.equal(r.status, "superseded");
    assert.notEqual(results.at(-1)!.status, "superseded");
  });

  it("keeps a 100,000-line file's prompt within budget", async () => {
    const huge = Array.from({ length: 100_000 }, (_, i) => `let v${i} = ${i};`).join("\n");
    const outcome = await whole(new CompletionPipeline(engine).complete({ ...request(huge, 99_990, 4, "javascript"), signal: new AbortController().signal }));
    assert.ok(outcome.timings!.promptTokens < 2048);
  });

  it("keeps a 5 MB minified line's prompt within budget", async () => {
    const minified = "var a=1;".repeat(650_000);
    const outcome = await whole(new CompletionPipeline(engine).complete({ ...request(minified, 0, 2_600_000, "javascript"), signal: new AbortController().signal }));
    assert.ok(outcome.timings!.promptTokens < 2048);
  });

  it("a model without fill-in-the-middle tokens: a clear error naming models that have them, no suggestion", async () => {
    const path = join(dirname(await tinyModel()), "tiny-no-fim.gguf");
    await writeSyntheticModel({ shape: "tiny", outPath: path, fim: false, seed: 1 });
    const noFim = engineFor(path);
    try {
      const info = await noFim.ensureModel();
      assert.equal(info.fim, false);
      await assert.rejects(
        new CompletionPipeline(noFim).complete({ ...request(source, 10, 2), signal: new AbortController().signal }),
        (error: EngineError) => error.code === EngineErrorCode.InfillUnsupported && /Qwen2\.5-Coder/.test(error.message),
      );
    } finally {
      await noFim.dispose();
    }
  });
});
