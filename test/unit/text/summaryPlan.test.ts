import assert from "node:assert/strict";
import { planSummary } from "../../../src/text/summaryPlan";

describe("planSummary: decided before generating", () => {
  const text = { textTokens: 4_600, textWords: 3_500, instructionTokens: 40 };

  it("refuses a 3,500-word text on a 256-token context, saying what would work", () => {
    const plan = planSummary({ ...text, contextSize: 256, words: 40 });
    assert.equal(plan.ok, false);
    const message = (plan as { message: string }).message;
    assert.match(message, /^This 3,500-word text is too long to summarize with a 256-token context .*summarize at most ~\d+ words at a time, or use a model with a context of at least 512 tokens\.$/);
    assert.ok(!message.includes("\n"));
  });

  it("refuses a summary longer than the context can hold, naming the longest that fits", () => {
    const plan = planSummary({ ...text, contextSize: 256, words: 100 });
    assert.equal(plan.ok, false);
    assert.match((plan as { message: string }).message, /^A 100-word summary does not fit this model's 256-token context: ask for at most \d+ words, or use a model with a larger context/);
  });

  it("one call when the text fits", () => {
    assert.deepEqual(planSummary({ ...text, textTokens: 1_000, contextSize: 4096, words: 100 }), { ok: true, budget: 4096 - 176 - 40 - 48, parts: 1, partWords: 100, calls: 1 });
  });

  it("a bounded number of calls when it does not: parts, then rounds that at least halve them", () => {
    const plan = planSummary({ ...text, textTokens: 60_000, contextSize: 2048, words: 100 });
    assert.ok(plan.ok);
    assert.ok(plan.parts >= 33 && plan.calls < plan.parts * 2, JSON.stringify(plan));
  });
});
