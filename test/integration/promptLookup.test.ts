// Prompt-lookup speculative decoding (node-llama-cpp's InputLookupTokenPredictor on the completion
// sequence): it may only make generation cheaper, never change it. Each case runs the same requests
// through a worker without and a worker with it, and compares the text token for token.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EngineClient } from "../../src/host/engineClient";
import type { InfillParams } from "../../src/protocol/types";
import { writeScriptedModel } from "../../src/synthetic/writeScriptedModel";
import { engineFor, tinyModel } from "./fixtures";

describe("prompt lookup (speculative decoding on the completion sequence)", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "local-slm-lookup-"));
  const engines: EngineClient[] = [];
  after(async () => {
    await Promise.all(engines.map((e) => e.dispose()));
    rmSync(dir, { recursive: true, force: true });
  });
  function pair(modelPath: string): { plain: EngineClient; lookup: EngineClient } {
    const plain = engineFor(modelPath);
    const lookup = engineFor(modelPath, { promptLookup: true });
    engines.push(plain, lookup);
    return { plain, lookup };
  }

  // A line that appears earlier in the file is typed again: the model (scripted) repeats it, and the
  // predictor finds it in the prompt.
  const repeatedLine: InfillParams = {
    prefix: "function count(items) {\n  let count = 0;\n  for (const item of items) count++;\n  return count;\n}\n\nfunction size(items) {\n  let count = 0;\n  for",
    suffix: "\n  return count;\n}\n",
    maxTokens: 30,
  };

  it("a scripted model that repeats a line of its prompt: the same text, and predicted tokens are validated", async () => {
    const model = await scriptedRepeater(dir);
    const { plain, lookup } = pair(model);
    const expected = await plain.infill(repeatedLine);
    const speculative = await lookup.infill(repeatedLine);
    assert.equal(expected.text, " (const item of items) count++;", "the scripted model repeats the line");
    assert.equal(speculative.text, expected.text);
    assert.equal(speculative.stopReason, expected.stopReason);
    assert.equal(speculative.timings.generatedTokens, expected.timings.generatedTokens);
    assert.equal(expected.timings.predictions, undefined, "no predictor, no prediction figures");
    assert.ok(speculative.timings.predictions!.validated > 0, JSON.stringify(speculative.timings.predictions));
  });

  it("the tiny model: the same greedy text with and without, on prompts that hold the model's own output", async () => {
    const { plain, lookup } = pair(await tinyModel());
    let predicted = 0;
    for (const start of ["a b a b a b a b a", "const x = 1;\nconst y = 2;\nconst", "the the the the", "return return"]) {
      // Random weights fall into loops of their own: a prompt that ends with the model's own output
      // makes the predictor find the next tokens in it.
      const own = await plain.infill({ prefix: start, suffix: "\n", maxTokens: 40, ignoreEndOfGeneration: true });
      const request: InfillParams = { prefix: start + own.text, suffix: "\n", maxTokens: 40, ignoreEndOfGeneration: true };
      const expected = await plain.infill(request);
      const speculative = await lookup.infill(request);
      assert.equal(speculative.text, expected.text, `prefix ${JSON.stringify(request.prefix)}`);
      assert.equal(speculative.timings.generatedTokens, expected.timings.generatedTokens);
      predicted += speculative.timings.predictions!.validated + speculative.timings.predictions!.refuted;
    }
    assert.ok(predicted > 0, "the predictor proposed tokens at least once");
  });

  it("an abort during speculative generation ends the request with its partial text, and the next request is unaffected", async () => {
    const { plain, lookup } = pair(await tinyModel());
    const request: InfillParams = { prefix: "a b a b a b a b a b a b", suffix: "\n", maxTokens: 1500, ignoreEndOfGeneration: true };
    const abort = new AbortController();
    let streamed = "";
    const aborted = await lookup.infill(request, {
      signal: abort.signal,
      onPartialText: (delta) => {
        streamed += delta;
        abort.abort();
      },
    });
    assert.equal(aborted.stopReason, "aborted");
    assert.ok(aborted.timings.generatedTokens < 1500);
    assert.ok(aborted.text.startsWith(streamed));
    // Predictions left in the KV cache by the aborted request must not leak into the next one.
    const next: InfillParams = { ...request, maxTokens: 40 };
    assert.equal((await lookup.infill(next)).text, (await plain.infill(next)).text);
  });
});

async function scriptedRepeater(dir: string): Promise<string> {
  const { path } = await writeScriptedModel({
    vocab: "qwen2.5-coder",
    // " (const item of items) count++;" as Qwen2.5-Coder tokenizes it (a bigram table: no token twice), then the end.
    script: { sequence: ["<|fim_middle|>", "Ġ(", "const", "Ġitem", "Ġof", "Ġitems", ")", "Ġcount", "++", ";", "<|endoftext|>"] },
    outPath: join(dir, "repeater.gguf"),
  });
  return path;
}
