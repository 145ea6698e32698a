import assert from "node:assert/strict";
import { csvField, sentimentCsv } from "../../../src/text/csv";
import { looksBinary } from "../../../src/text/binaryText";
import { classifyLines, sentimentFrom, sentimentRequest } from "../../../src/text/sentiment";
import type { TextEngine } from "../../../src/text/textEngine";

describe("sentiment helpers", () => {
  it("picks the largest share; ties go to neutral", () => {
    assert.equal(sentimentFrom([0.7, 0.2, 0.1]).label, "positive");
    assert.equal(sentimentFrom([0.1, 0.6, 0.3]).confidence, 0.6);
    assert.equal(sentimentFrom([0.4, 0.4, 0.2]).label, "positive", "positive before negative at a tie between them");
    assert.equal(sentimentFrom([1 / 3, 1 / 3, 1 / 3]).label, "neutral");
  });

  it("asks chat models with messages and base models with a plain prompt whose labels continue it", () => {
    const chat = sentimentRequest("Great!", true);
    assert.deepEqual(chat.labels, ["positive", "negative", "neutral"]);
    assert.match(chat.messages!.at(-1)!.content, /Great!/);
    const plain = sentimentRequest("Great!", false);
    assert.deepEqual(plain.labels, [" positive", " negative", " neutral"]);
    assert.match(plain.prompt!, /Sentiment:$/);
  });

  it("classifies one item per non-blank line, counting blank lines and keeping line numbers", async () => {
    const engine: TextEngine = {
      ensureModel: async () => ({ contextSize: 2048, chatTemplate: true }) as never,
      chat: async () => { throw new Error("unused"); },
      generate: async () => { throw new Error("unused"); },
      countTokens: async (texts) => texts.map((t) => t.length),
      classify: async (params) => ({ scores: /love/.test(params.messages!.at(-1)!.content) ? [0.8, 0.1, 0.1] : [0.1, 0.7, 0.2], timings: {} as never }),
    };
    const progress: number[] = [];
    const result = await classifyLines(engine, "I love it\n\n  \nbroken again\nlove love\n", { onProgress: (done) => progress.push(done) });
    assert.deepEqual(result.items.map((i) => [i.line, i.label]), [[1, "positive"], [4, "negative"], [5, "positive"]]);
    assert.equal(result.skippedBlankLines, 2);
    assert.deepEqual(result.totals, { positive: 2, negative: 1, neutral: 0 });
    assert.deepEqual(progress, [1, 2, 3]);
  });

  it("writes CSV that quotes commas, quotes and line breaks", () => {
    assert.equal(csvField('say "hi", then go'), '"say ""hi"", then go"');
    assert.equal(csvField("plain"), "plain");
    const csv = sentimentCsv({ items: [{ line: 2, text: "Good, really", label: "positive", confidence: 0.9, scores: { positive: 0.9, negative: 0.05, neutral: 0.05 } }], skippedBlankLines: 0, totals: { positive: 1, negative: 0, neutral: 0 } });
    assert.equal(csv, 'line,label,confidence,positive,negative,neutral,text\r\n2,positive,0.900,0.900,0.050,0.050,"Good, really"\r\n');
  });

  it("tells binary from text", () => {
    assert.equal(looksBinary(new Uint8Array([0x47, 0x47, 0x55, 0x46, 0, 3])), true);
    assert.equal(looksBinary(new TextEncoder().encode("héllo 😀")), false);
  });
});
