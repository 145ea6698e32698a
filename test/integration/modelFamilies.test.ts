// "What is sent to my model?": `local-slm prompt` shows the exact tokens, and the same request then
// generates what the scripted model was told to, through the real CLI, worker and llama.cpp.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeScriptedModel } from "../../src/synthetic/writeScriptedModel";
import { CLI } from "./fixtures";

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args, "--threads", "1"], { env: { ...process.env, LOCAL_SLM_MODEL: "" }, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("local-slm prompt on real vocabularies", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "local-slm-prompt-"));
  const file = join(dir, "add.js");
  writeFileSync(file, "function add(a, b) {\n  return \n}\n");
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the exact Qwen2.5-Coder FIM tokens, their text and the stop set as JSON", async () => {
    const { path } = await writeScriptedModel({ vocab: "qwen2.5-coder", script: { sequence: ["<|fim_middle|>", "a", "Ġ+", "Ġb", ";", "<|fim_suffix|>"] }, outPath: join(dir, "qwen.gguf") });
    const run = await cli(["prompt", "--model", path, "--file", file, "--line", "2", "--column", "10", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    const prompt = JSON.parse(run.stdout) as { family: string; text: string; tokens: Array<{ id: number; text: string; special: boolean }>; stopTokens: Array<{ id: number; text: string }> };
    assert.equal(prompt.family, "qwen2.5-coder");
    assert.equal(prompt.text, "<|fim_prefix|>function add(a, b) {\n  return <|fim_suffix|>\n}\n<|fim_middle|>");
    assert.deepEqual(prompt.tokens[0], { id: 151659, text: "<|fim_prefix|>", special: true });
    assert.deepEqual(prompt.tokens.at(-1), { id: 151660, text: "<|fim_middle|>", special: true });
    assert.equal(prompt.tokens.filter((t) => t.special).length, 3);
    assert.equal(prompt.tokens.map((t) => t.text).join(""), prompt.text);
    assert.ok(prompt.stopTokens.some((t) => t.id === 151664 && t.text === "<|file_sep|>"));

    const completed = await cli(["complete", "--model", path, "--file", file, "--line", "2", "--column", "10", "--json"]);
    assert.equal(completed.code, 0, completed.stderr);
    assert.equal(JSON.parse(completed.stdout).text, "a + b;");
  });

  it("warns about an instruction-tuned model used for completion, naming a base model", async () => {
    const { path } = await writeScriptedModel({ vocab: "qwen2.5-coder", script: [["<|fim_middle|>", "Ġa"]], outPath: join(dir, "Qwen2.5-Coder-1.5B-Instruct-Q8_0.gguf") });
    const run = await cli(["prompt", "--model", path, "--file", file, "--line", "2", "--column", "10"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /instruction-tuned .* Use a base coder model for completion, e\.g\. Qwen2\.5-Coder-1\.5B \(not -Instruct\)/);
  });

  it("`local-slm models` says which models suit completion and which the text tools", async () => {
    const run = await cli(["models", "--folder", dir, "--no-known", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    const models = (JSON.parse(run.stdout) as { models: Array<{ path: string; family?: string; suits: { completion: boolean; text: boolean }; advice?: string }> }).models;
    const base = models.find((m) => m.path.endsWith("qwen.gguf"))!;
    const instruct = models.find((m) => m.path.endsWith("-Instruct-Q8_0.gguf"))!;
    assert.deepEqual([base.family, base.suits], ["Qwen2.5-Coder", { completion: true, text: false }]);
    assert.deepEqual(instruct.suits, { completion: false, text: true });
    assert.match(instruct.advice ?? "", /for completion use Qwen2\.5-Coder-1\.5B \(not -Instruct\)/);
  });
});
