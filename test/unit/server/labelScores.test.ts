import assert from "node:assert/strict";
import { renderFim, templateByName, templateByTokens } from "../../../src/server/fimTemplates";
import { labelShares } from "../../../src/server/labelScores";

describe("label scores from a server's top tokens", () => {
  const labels = ["positive", "negative", "neutral"];
  it("adds up the tokens that begin exactly one label, case and spaces aside", () => {
    const shares = labelShares(labels, [
      { token: " Pos", probability: 0.5 },
      { token: "neg", probability: 0.2 },
      { token: "ne", probability: 0.2 }, // begins two labels: tells nothing
      { token: "neutral", probability: 0.1 },
    ]);
    assert.deepEqual(shares.map((s) => Math.round(s * 1000) / 1000), [0.625, 0.25, 0.125]);
  });
  it("shares equally when no top token begins a label", () => {
    assert.deepEqual(labelShares(labels, [{ token: "The", probability: 0.9 }]), [1 / 3, 1 / 3, 1 / 3]);
  });
});

describe("fill-in-the-middle templates", () => {
  it("finds a template by model name", () => {
    assert.equal(templateByName("Qwen2.5-Coder-1.5B-Instruct")?.family, "qwen");
    assert.equal(templateByName("bigcode/starcoder2-3b")?.family, "starcoder");
    assert.equal(templateByName("deepseek-coder-1.3b-base")?.family, "deepseek");
    assert.equal(templateByName("my-model"), undefined);
  });
  it("finds the template whose markers are single tokens", async () => {
    const single = new Set(["<fim_prefix>", "<fim_suffix>", "<fim_middle>"]);
    const template = await templateByTokens(async (text) => (single.has(text) ? 1 : text.length));
    assert.equal(template?.family, "starcoder");
    assert.equal(await templateByTokens(async (text) => text.length), undefined);
  });
  it("renders prefix, suffix, middle", () => {
    assert.equal(renderFim(templateByName("qwen")!, "a(", ")"), "<|fim_prefix|>a(<|fim_suffix|>)<|fim_middle|>");
  });
});
