// Summarize and sentiment end to end on the tiny model, with and without a chat template, through
// the same modules the editor and the CLI use: splitting, progress, cancel, crashes, bad input.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { EngineClient } from "../../src/host/engineClient";
import { EngineError, EngineErrorCode } from "../../src/protocol/errors";
import { writeSyntheticModel } from "../../src/synthetic/writeSyntheticModel";
import { classifyLines, classifySentiment, SENTIMENT_LABELS } from "../../src/text/sentiment";
import { splitText } from "../../src/text/splitText";
import { summarizeText } from "../../src/text/summarize";
import { CLI, engineFor, tinyModel } from "./fixtures";

const words = ["river", "stone", "light", "cloud", "market", "engine", "garden", "letter"];
function prose(paragraphs: number, wordsEach: number, seed = 3): string {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: paragraphs }, () => `${Array.from({ length: wordsEach }, () => words[Math.floor(next() * words.length)]).join(" ")}.`).join("\n\n");
}

let noTemplate: Promise<string> | undefined;
function noTemplateModel(): Promise<string> {
  noTemplate ??= tinyModel().then(async (tiny) => {
    const path = join(dirname(tiny), "tiny-no-chat-template.gguf");
    await writeSyntheticModel({ shape: "tiny", outPath: path, chatTemplate: false, seed: 1 });
    return path;
  });
  return noTemplate;
}

describe("text tools on the tiny model", function () {
  this.timeout(180_000);

  for (const variant of ["with a chat template", "without a chat template"] as const) {
    describe(variant, () => {
      let engine: EngineClient;
      before(async () => {
        engine = engineFor(variant === "with a chat template" ? await tinyModel() : await noTemplateModel(), { contextSize: 1024 });
        assert.equal((await engine.ensureModel()).chatTemplate, variant === "with a chat template");
      });
      after(() => engine.dispose());

      it("summarizes a short text in one streamed part", async () => {
        let streamed = "";
        const result = await summarizeText(engine, "The meeting moved to Tuesday. Bring the budget figures.", { words: 20, onDelta: (d) => (streamed += d) });
        assert.equal(result.parts, 1);
        assert.equal(streamed.trim(), result.text);
        assert.ok(result.timings.generatedTokens <= Math.ceil(20 * 1.6) + 16);
      });

      it("splits a text longer than the context, reports every part in order, then combines", async () => {
        const text = prose(12, 90);
        const events: string[] = [];
        const result = await summarizeText(engine, text, { words: 30, onProgress: (p) => events.push(`${p.stage} ${p.index}/${p.total}`) });
        assert.ok(result.parts > 1, `${result.parts} parts`);
        const parts = events.filter((e) => e.startsWith("part"));
        assert.deepEqual(parts, Array.from({ length: result.parts }, (_, i) => `part ${i + 1}/${result.parts}`));
        assert.ok(events.at(-1)!.startsWith("combine"), events.join(", "));
      });

      it("labels every text with exactly one of the three labels and shares summing to 1", async () => {
        for (const text of ["Best purchase ever!", "Awful support.", "😀😀", "Это ужасно", "ok", "word ".repeat(600)]) {
          const result = await classifySentiment(engine, text);
          assert.ok(SENTIMENT_LABELS.includes(result.label));
          const sum = Object.values(result.scores).reduce((a, b) => a + b, 0);
          assert.ok(Math.abs(sum - 1) < 1e-9, `${sum}`);
          assert.equal(result.confidence, Math.max(...Object.values(result.scores)));
        }
      });
    });
  }

  describe("cancel, crash, unload and huge input", () => {
    let engine: EngineClient;
    beforeEach(async () => {
      engine = engineFor(await tinyModel(), { contextSize: 1024 });
      await engine.ensureModel();
    });
    afterEach(() => engine.dispose());

    it("cancels a long summary at once, with no text after the cancel", async () => {
      const abort = new AbortController();
      let afterCancel = 0;
      const summary = summarizeText(engine, prose(30, 90), {
        words: 30,
        signal: abort.signal,
        onProgress: (p) => p.index === 2 && abort.abort(),
        onDelta: () => abort.signal.aborted && afterCancel++,
      });
      const started = performance.now();
      await assert.rejects(summary, (error: EngineError) => error.code === EngineErrorCode.Cancelled);
      assert.ok(performance.now() - started < 10_000);
      assert.equal(afterCancel, 0);
    });

    it("a 5 MB text: split quickly into parts that rebuild it, and cancellable", async () => {
      const huge = prose(6000, 130);
      assert.ok(huge.length > 5_000_000, `${huge.length}`);
      const parts = await splitText(huge, 900, (texts) => engine.countTokens(texts));
      assert.ok(parts.length > 100);
      assert.equal(parts.join(""), huge, "nothing dropped");
      const abort = new AbortController();
      const summary = summarizeText(engine, huge, { words: 40, signal: abort.signal, onProgress: (p) => p.index === 2 && abort.abort() });
      await assert.rejects(summary, (error: EngineError) => error.code === EngineErrorCode.Cancelled);
    });

    it("the worker killed mid-summary: a clear error, and the next summary works", async () => {
      const summary = summarizeText(engine, prose(12, 90), { words: 30, onProgress: (p) => p.index === 2 && process.kill(engine.workerPid!, "SIGKILL") });
      await assert.rejects(summary, (error: EngineError) => error.code === EngineErrorCode.WorkerCrashed);
      const next = await summarizeText(engine, "Short note.", { words: 20 });
      assert.equal(next.parts, 1);
    });

    it("the model unloaded while a summary streams: says so; the next request loads it again", async () => {
      let unloading: Promise<void> | undefined;
      const run = summarizeText(engine, "A short note about the garden and the river.", { words: 200, onDelta: () => (unloading ??= engine.unload()) });
      await assert.rejects(run, (error: EngineError) => error.code === EngineErrorCode.WorkerUnavailable && /unloaded/.test(error.message));
      await unloading;
      const lines = await classifyLines(engine, "good\nbad");
      assert.equal(lines.items.length, 2);
    });

    it("refuses empty input with a clear message", async () => {
      await assert.rejects(summarizeText(engine, "  \n\t ", { words: 20 }), /no text to summarize/);
      await assert.rejects(classifySentiment(engine, ""), /no text to classify/);
    });
  });

  describe("CLI", () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), "local-slm-text-"))));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const cli = async (args: string[], input?: string) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(process.execPath, [CLI, ...args, "--threads", "1"], { timeout: 120_000 }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
        if (input !== undefined) child.stdin!.end(input);
      });

    it("summarize --json: text, parts and the timings keys of generate", async () => {
      const file = join(dir, "notes.txt");
      writeFileSync(file, prose(6, 80));
      const run = await cli(["summarize", "--model", await tinyModel(), file, "--words", "30", "--context-size", "1024", "--json"]);
      assert.equal(run.code, 0, run.stderr);
      const out = JSON.parse(run.stdout);
      for (const key of ["text", "parts", "promptTokens", "promptTokensEvaluated", "promptTokensReused", "generatedTokens", "promptMs", "generationMs", "totalMs"]) assert.ok(key in out, key);
      assert.ok(out.parts > 1);
    });

    it("sentiment --json from standard input, and --per-line with line numbers", async () => {
      const model = await tinyModel();
      const one = await cli(["sentiment", "--model", model, "-", "--json"], "I really like it.");
      assert.equal(one.code, 0, one.stderr);
      const result = JSON.parse(one.stdout);
      assert.ok(SENTIMENT_LABELS.includes(result.label));
      assert.ok(Math.abs(result.scores.positive + result.scores.negative + result.scores.neutral - 1) < 1e-9);
      const file = join(dir, "reviews.txt");
      writeFileSync(file, "Great app\n\nCrashes a lot\n   \nFine, I guess\n");
      const lines = JSON.parse((await cli(["sentiment", "--model", model, file, "--per-line", "--json"])).stdout);
      assert.deepEqual(lines.items.map((i: { line: number }) => i.line), [1, 3, 5]);
      assert.equal(lines.skippedBlankLines, 2);
      assert.equal(lines.totals.positive + lines.totals.negative + lines.totals.neutral, 3);
    });

    it("refuses a binary file and an empty one, each in one line", async () => {
      const binary = join(dir, "image.png");
      writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
      const empty = join(dir, "empty.txt");
      writeFileSync(empty, "\n\n  ");
      const model = await tinyModel();
      const a = await cli(["summarize", "--model", model, binary]);
      assert.equal(a.code, 2);
      assert.match(a.stderr, /looks like a binary file/);
      const b = await cli(["sentiment", "--model", model, empty]);
      assert.equal(b.code, 2);
      assert.match(b.stderr, /empty or only whitespace/);
    });
  });
});
