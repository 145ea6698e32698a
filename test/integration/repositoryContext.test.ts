// Repository context in the model's own tokens (Qwen2.5-Coder: <|repo_name|>, <|file_sep|> and the
// current file's path) through the real completion session and worker, and what it costs per
// keystroke: the head stays the same while the user types in one document, so the KV cache keeps it
// and only the tokens after the edit are evaluated again.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCompletionSession } from "../../src/completion/completionSession";
import { linesFromText } from "../../src/completion/context/documentLines";
import type { EngineClient } from "../../src/host/engineClient";
import type { InfillParams } from "../../src/protocol/types";
import { writeScriptedModel } from "../../src/synthetic/writeScriptedModel";
import { engineFor } from "./fixtures";

const HELPERS = Array.from({ length: 12 }, (_, i) => `export function helper${i}(value: number): number {\n  return value * ${i + 2};\n}`).join("\n");
const HEAD = "import { helper1 } from './helpers';\n\n" + Array.from({ length: 10 }, (_, i) => `const item${i} = helper1(${i});`).join("\n") + "\n";

describe("repository context on a Qwen2.5-Coder vocabulary", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "local-slm-repo-"));
  let engine: EngineClient;
  before(async () => {
    const { path } = await writeScriptedModel({ vocab: "qwen2.5-coder", script: { sequence: ["<|fim_middle|>", "1", ")", ";", "<|file_sep|>"] }, outPath: join(dir, "qwen.gguf") });
    engine = engineFor(path);
  });
  after(async () => {
    await engine.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends related files and the current path in <|repo_name|>/<|file_sep|> form, and reuses that head from keystroke to keystroke", async () => {
    const sent: InfillParams[] = [];
    const session = createCompletionSession({ infill: (params, options) => (sent.push(params), engine.infill(params, options)) });
    const helpers = { key: "file:///w/src/helpers.ts", path: "src/helpers.ts", doc: linesFromText(HELPERS, "typescript") };
    session.viewed(helpers, 4);
    const typed = "const total = helper1(";
    const evaluated: number[] = [];
    const promptTokens: number[] = [];
    for (let n = 10; n <= typed.length; n++) {
      const text = `${HEAD}${typed.slice(0, n)}\n`;
      const current = { key: "file:///w/src/main.ts", path: "src/main.ts", doc: linesFromText(text, "typescript") };
      const line = HEAD.split("\n").length - 1;
      session.edited(current, line);
      const outcome = await session.request({ doc: current.doc, position: { line, character: n }, documentKey: current.key }, undefined, { immediate: true });
      const timings = outcome.rest ? (await outcome.rest).timings : outcome.timings;
      if (outcome.source !== "model" || !timings) continue; // a cache hit asks the model nothing
      evaluated.push(timings.promptTokensEvaluated);
      promptTokens.push(timings.promptTokens);
    }
    const last = sent.at(-1)!;
    assert.equal(last.repository?.currentPath, "src/main.ts");
    assert.equal(last.repository?.files[0]?.path, "src/helpers.ts");
    const prompt = await engine.describePrompt(last);
    assert.match(prompt.text, /^<\|repo_name\|>workspace\n<\|file_sep\|>src\/helpers\.ts\nexport function helper/);
    assert.match(prompt.text, /<\|file_sep\|>src\/main\.ts\n<\|fim_prefix\|>import \{ helper1 \}/);
    assert.ok(!prompt.text.includes("// Path:"), "no comments when the model has repository tokens");

    assert.ok(evaluated.length >= 5, `model requests: ${evaluated.length}`);
    // The first request evaluates the whole prompt; later keystrokes only what follows the edit.
    assert.ok(evaluated[0]! > 150, `first prompt: ${evaluated[0]} tokens evaluated`);
    const later = evaluated.slice(1);
    const ratio = later.reduce((a, b) => a + b, 0) / later.length / promptTokens.at(-1)!;
    assert.ok(ratio < 0.1, `per keystroke: ${later.join(", ")} of ~${promptTokens.at(-1)} prompt tokens`);
    process.stdout.write(`      prompt tokens ${promptTokens.at(-1)}; evaluated per keystroke: first ${evaluated[0]}, then ${later.join(", ")}\n`);
  });
});
