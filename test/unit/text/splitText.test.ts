import assert from "node:assert/strict";
import { splitText, type TokenCounter } from "../../../src/text/splitText";

/** One token per word (whitespace-separated run), as a stand-in tokenizer. */
const words: TokenCounter = async (texts) => texts.map((t) => (t.match(/\S+/g) ?? []).length);
/** One token per character: for text without spaces. */
const chars: TokenCounter = async (texts) => texts.map((t) => t.length);

describe("splitText", () => {
  it("keeps a text that fits in one part", async () => {
    assert.deepEqual(await splitText("a b c", 10, words), ["a b c"]);
  });

  it("splits on paragraph boundaries first, never losing text, each part within budget", async () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} has five words.`);
    const text = paragraphs.join("\n\n");
    const parts = await splitText(text, 12, words);
    assert.equal(parts.join(""), text, "joining the parts gives the text back");
    assert.ok(parts.length >= 6);
    for (const part of parts) assert.ok((await words([part]))[0]! <= 12, part);
    for (const part of parts.slice(0, -1)) assert.match(part, /\n\n$/, "cut after a blank line");
  });

  it("falls back to lines, then sentences, for a paragraph that is too long", async () => {
    const sentences = Array.from({ length: 20 }, (_, i) => `Sentence number ${i} ends here.`).join(" ");
    const parts = await splitText(sentences, 14, words);
    assert.equal(parts.join(""), sentences);
    for (const part of parts) assert.ok((await words([part]))[0]! <= 14);
    for (const part of parts.slice(0, -1)) assert.match(part, /\.\s*$/, `cut at a sentence end: ${JSON.stringify(part)}`);
  });

  it("cuts a run with no boundary at all by characters", async () => {
    const blob = "x".repeat(1000);
    const parts = await splitText(blob, 300, chars);
    assert.equal(parts.join(""), blob);
    for (const part of parts) assert.ok(part.length <= 300);
  });

  it("never cuts an emoji in half", async () => {
    const parts = await splitText("😀".repeat(101), 50, chars);
    assert.equal(parts.join(""), "😀".repeat(101));
    for (const part of parts) assert.doesNotMatch(part, /^[\udc00-\udfff]|[\ud800-\udbff]$/u);
  });

  it("keeps emoji and other scripts intact", async () => {
    const text = Array.from({ length: 30 }, (_, i) => `Строка ${i} 😀 とても良い。`).join("\n");
    const parts = await splitText(text, 20, words);
    assert.equal(parts.join(""), text);
  });
});
