// The engine's text requests on the tiny model: chat through the model's template, label scoring
// (always a valid distribution over the labels), token counts.
import assert from "node:assert/strict";
import type { EngineClient } from "../../src/host/engineClient";
import { EngineError, EngineErrorCode } from "../../src/protocol/errors";
import { engineFor, tinyModel } from "./fixtures";

const LABELS = ["positive", "negative", "neutral"];
const instruction = (text: string) => [
  { role: "system" as const, content: "You classify the sentiment of a text. Answer with one word: positive, negative or neutral." },
  { role: "user" as const, content: `Text:\n${text}` },
];

describe("text requests on the tiny model", function () {
  let engine: EngineClient;
  before(async () => {
    engine = engineFor(await tinyModel());
    await engine.ensureModel();
  });
  after(() => engine.dispose());

  it("chats through the model's chat template, streaming, within the token limit", async () => {
    let streamed = "";
    const result = await engine.chat(
      { messages: [{ role: "user", content: "Summarize: the cat sat on the mat." }], maxTokens: 12, ignoreEndOfGeneration: true },
      { onPartialText: (delta) => (streamed += delta) },
    );
    assert.equal(result.timings.generatedTokens, 12);
    assert.equal(streamed, result.text);
    assert.ok(result.timings.promptTokens > 10, "the template adds its own tokens");
  });

  it("scores labels into a distribution that sums to 1, for chat and plain prompts, any script", async () => {
    const texts = ["I love it!", "Terrible, broke after a day.", "It is a chair.", "😀😀😀 🎉", "Это ужасно", "とても良い製品です", "", "x".repeat(400)];
    for (const text of texts) {
      for (const params of [{ messages: instruction(text), labels: LABELS }, { prompt: `Text: ${text}\nSentiment:`, labels: LABELS.map((l) => ` ${l}`) }]) {
        const result = await engine.classify(params);
        assert.equal(result.scores.length, 3);
        assert.ok(result.scores.every((s) => s >= 0 && s <= 1), `${result.scores}`);
        assert.ok(Math.abs(result.scores.reduce((a, b) => a + b, 0) - 1) < 1e-9, `${result.scores}`);
        assert.equal(result.timings.generatedTokens, 0, "scored, not generated");
      }
    }
  });

  it("reuses the instruction's KV cache from one item to the next", async () => {
    await engine.classify({ messages: instruction("First review: fine."), labels: LABELS });
    const second = await engine.classify({ messages: instruction("Second review: awful."), labels: LABELS });
    assert.ok(second.timings.promptTokensReused > 20, `reused ${second.timings.promptTokensReused}`);
  });

  it("a cancelled classification ends at once with the cancel and leaves the engine working", async () => {
    // Aborted before it is even sent: the cancel can reach the worker while the request is still
    // queued there (vscode-jsonrpc then hands it a token that never fires; a CI run found it).
    for (let attempt = 0; attempt < 5; attempt++) {
      const abort = new AbortController();
      const started = performance.now();
      const request = engine.classify({ messages: instruction(`Review ${attempt}: ${"word ".repeat(700)}`), labels: LABELS }, { signal: abort.signal });
      abort.abort();
      await assert.rejects(request, (error: EngineError) => error.code === EngineErrorCode.Cancelled);
      assert.ok(performance.now() - started < 5000);
    }
    const after = await engine.classify({ messages: instruction("ok"), labels: LABELS });
    assert.equal(after.scores.length, 3);
  });

  it("counts tokens as the model does", async () => {
    const [short, long, empty] = await engine.countTokens(["hello", "hello ".repeat(100), ""]);
    assert.ok(short! >= 1 && long! > 50 && empty === 0, `${short} ${long} ${empty}`);
  });

  it("refuses a text longer than the context with a clear message", async () => {
    await assert.rejects(engine.classify({ messages: instruction("word ".repeat(5000)), labels: LABELS }), (error: EngineError) => error.code === EngineErrorCode.PromptTooLong);
  });
});
