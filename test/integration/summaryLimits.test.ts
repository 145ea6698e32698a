// Summaries on small contexts, through the real CLI and worker: refused up front in one line when
// the context cannot do it; otherwise progress "part i of n" on stderr (not with --quiet).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeScriptedModel } from "../../src/synthetic/writeScriptedModel";
import { CLI, tinyModel } from "./fixtures";

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args, "--threads", "1"], { env: { ...process.env, LOCAL_SLM_MODEL: "" }, timeout: 110_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const SENTENCE = "The committee met on Tuesday to discuss the budget for the new library, and agreed to publish the figures next month.";

describe("summaries on small contexts", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "local-slm-summary-"));
  const long = join(dir, "long.txt");
  const medium = join(dir, "medium.txt");
  writeFileSync(long, Array.from({ length: 175 }, (_, i) => `${SENTENCE}${i % 5 === 4 ? "\n\n" : " "}`).join("")); // ~3,500 words
  writeFileSync(medium, Array.from({ length: 40 }, (_, i) => `${SENTENCE}${i % 4 === 3 ? "\n\n" : " "}`).join(""));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a 3,500-word text on a 256-token context at once, in one line that says what would work", async () => {
    // The real Qwen2 tokenizer, so the instruction costs what it costs with a real model.
    const { path: model } = await writeScriptedModel({ vocab: "qwen2.5-coder", script: [["Ġthe", "Ġend"]], outPath: join(dir, "qwen.gguf"), contextLength: 256 });
    const run = await cli(["summarize", "--model", model, long, "--context-size", "256", "--words", "40"]);
    assert.notEqual(run.code, 0);
    const lines = run.stderr.trim().split("\n").filter((l) => !l.startsWith("[node-llama-cpp]"));
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /too long to summarize with a 256-token context.*summarize at most ~\d+ words at a time, or use a model with a context of at least \d+ tokens/);
    assert.equal(run.stdout, "");
  });

  it("prints part progress on stderr, and nothing with --quiet", async () => {
    const model = await tinyModel();
    const loud = await cli(["summarize", "--model", model, medium, "--context-size", "512", "--words", "20", "--json"]);
    assert.equal(loud.code, 0, loud.stderr);
    const parts = JSON.parse(loud.stdout).parts as number;
    assert.ok(parts >= 2, `parts: ${parts}`);
    assert.match(loud.stderr, new RegExp(`^part 1 of ${parts}$`, "m"));
    assert.match(loud.stderr, new RegExp(`^part ${parts} of ${parts}$`, "m"));
    const quiet = await cli(["summarize", "--model", model, medium, "--context-size", "512", "--words", "20", "--json", "--quiet"]);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.doesNotMatch(quiet.stderr, /part \d+ of/);
  });
});
