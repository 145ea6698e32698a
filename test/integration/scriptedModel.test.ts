// Real-weight behaviour on the real tokenizers: scripted models (src/synthetic/writeScriptedModel)
// emit exactly the tokens a trained model would at the end of a middle or an answer, through the
// real worker and llama.cpp. Random weights never do this on purpose.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeScriptedModel, type ScriptedModelOptions } from "../../src/synthetic/writeScriptedModel";
import { classifySentiment } from "../../src/text/sentiment";
import { EngineClient } from "../../src/host/engineClient";
import { forkWorker } from "../../src/host/engineWorker";
import { engineFor, testConfig, WORKER } from "./fixtures";

describe("scripted models on the real tokenizers", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "local-slm-scripted-"));
  const engines: EngineClient[] = [];
  after(async () => {
    await Promise.all(engines.map((e) => e.dispose()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function engineOn(name: string, options: Omit<ScriptedModelOptions, "outPath">): Promise<EngineClient> {
    const { path } = await writeScriptedModel({ ...options, outPath: join(dir, `${name}.gguf`) });
    const engine = engineFor(path);
    engines.push(engine);
    return engine;
  }

  it("StarCoder2: a middle ending in <file_sep> stops there and nothing after it is shown", async () => {
    const engine = await engineOn("starcoder2", { vocab: "starcoder2", script: { sequence: ["<fim_middle>", "Ġvalue", ";", "<file_sep>", "Ġnext", "Ġfile"] } });
    const result = await engine.infill({ prefix: "const x =", suffix: "\n", maxTokens: 20 });
    assert.equal(result.text, " value;");
    assert.equal(result.stopReason, "endOfGeneration");
    assert.deepEqual(result.stopToken, { id: 6, text: "<file_sep>" });
    assert.equal(result.timings.generatedTokens, 2);
  });

  it("Qwen2.5-Coder: a FIM control token (not end of generation for llama.cpp) ends the middle", async () => {
    const engine = await engineOn("qwen", { vocab: "qwen2.5-coder", script: { sequence: ["<|fim_middle|>", "Ġvalue", ";", "<|fim_prefix|>", "Ġmore"] } });
    const result = await engine.infill({ prefix: "const x =", suffix: "\n", maxTokens: 20 });
    assert.equal(result.text, " value;");
    assert.equal(result.stopToken?.text, "<|fim_prefix|>");
  });

  it("CodeLlama: the first token keeps its leading space and ▁<EOT> ends the middle", async () => {
    const engine = await engineOn("codellama", { vocab: "codellama", script: { sequence: ["▁<MID>", "▁value", ";", "▁<EOT>", "▁more"] } });
    const result = await engine.infill({ prefix: "const x =", suffix: "\n", maxTokens: 20 });
    assert.equal(result.text, " value;");
    assert.equal(result.stopReason, "endOfGeneration");
    assert.equal(result.stopToken?.id, 32010);
  });

  it("DeepSeek-Coder: an end-of-sentence token ends generation with stopReason endOfGeneration, not maxTokens", async () => {
    const engine = await engineOn("deepseek", { vocab: "deepseek-coder", script: { sequence: ["Ġanswer", ":", "Ġyes", "<｜end▁of▁sentence｜>"] } });
    const result = await engine.generate({ prompt: "The answer", maxTokens: 20 });
    assert.equal(result.text, ": yes");
    assert.equal(result.stopReason, "endOfGeneration");
    assert.equal(result.timings.generatedTokens, 2);
  });

  it("sentiment: a model that answers \"Positive\" (capitalized) is scored on that spelling", async () => {
    // Qwen's chat template ends the prompt with "assistant\n": after "\n" (Ċ) the model writes "Positive".
    const engine = await engineOn("sentiment", { vocab: "qwen2.5-coder", script: [["Ċ", "Positive"]] });
    const sentiment = await classifySentiment(engine, "The new release fixed every bug I reported.");
    assert.equal(sentiment.label, "positive");
    assert.ok(sentiment.scores.positive > 0.99, JSON.stringify(sentiment.scores));
  });

  it("logs the prompt's exact tokens at trace level when asked (the editor asks at log level Trace)", async () => {
    const { path } = await writeScriptedModel({ vocab: "qwen2.5-coder", script: [["<|fim_middle|>", "x"]], outPath: join(dir, "trace.gguf") });
    const lines: string[] = [];
    const engine = new EngineClient({ createWorker: forkWorker({ workerPath: WORKER }), getConfig: () => testConfig(path), log: ({ level, message }) => level === "trace" && lines.push(message) });
    engines.push(engine);
    await engine.infill({ prefix: "a =", suffix: "", maxTokens: 2 });
    assert.deepEqual(lines, [], "nothing at trace level unless asked");
    await engine.infill({ prefix: "a =", suffix: "", maxTokens: 2, tracePrompt: true });
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^prompt \(Qwen2\.5-Coder, 5 tokens\): 151659 <\|fim_prefix\|>\* 64 "a" 284 " =" 151661 <\|fim_suffix\|>\* 151660 <\|fim_middle\|>\*; stops: .*151664 <\|file_sep\|>/);
  });
});
