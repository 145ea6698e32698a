import { strict as assert } from "node:assert";
import { cleanModelText } from "../../../src/text/cleanModelText";
import { summarizeText } from "../../../src/text/summarize";

describe("cleanModelText (model output on its way into a document)", () => {
  it("keeps ordinary text, line feeds, tabs, accents, CJK and emoji as they are", () => {
    const text = "Résumé:\n\t- naïve café 東京 👩‍💻 ok\n";
    assert.equal(cleanModelText(text), text);
  });

  it("drops U+FFFD (a token cut inside a UTF-8 sequence)", () => {
    assert.equal(cleanModelText("caf\uFFFD\uFFFDe"), "cafe");
  });

  it("drops C0 controls other than \\n and \\t, DEL and C1 controls", () => {
    assert.equal(cleanModelText("a\u0000b\u0007c\u001b[31md\u007fe\u0085f\u009bg\r\nh\u000bi\u000cj"), "abc[31mdefg\nhij");
  });

  it("drops bidirectional overrides and isolates", () => {
    assert.equal(cleanModelText("x\u202Eevil\u202C y\u2066z\u2069"), "xevil yz");
  });

  it("cleans a stream delta by delta to the same text as the whole", () => {
    const whole = "one\u0000 two\uFFFD\r\nthree\u202E";
    const deltas = ["on", "e\u0000", " two", "\uFFFD\r", "\nthree", "\u202E"];
    assert.equal(deltas.map(cleanModelText).join(""), cleanModelText(whole));
    assert.equal(cleanModelText(whole), "one two\nthree");
  });
});

describe("summarizeText cleans what the model writes", () => {
  it("the streamed deltas and the returned summary have no U+FFFD or control characters", async () => {
    const dirty = ["The \uFFFDmeeting", "\u0000 agreed\u001b on", " a date.\r\n\u202E"];
    const engine = {
      ensureModel: async () => ({ contextSize: 2048, chatTemplate: false }) as never,
      countTokens: async (texts: string[]) => texts.map((t) => Math.ceil(t.length / 4)),
      chat: async () => {
        throw new Error("a model without a chat template is prompted with generate");
      },
      classify: async () => {
        throw new Error("not used");
      },
      generate: async (_params: unknown, request?: { onPartialText?(delta: string): void }) => {
        for (const delta of dirty) request?.onPartialText?.(delta);
        return { text: dirty.join(""), stopReason: "eos", timings: { promptTokens: 1, promptTokensEvaluated: 1, promptTokensReused: 0, generatedTokens: 3, promptMs: 1, generationMs: 1, totalMs: 2 } } as never;
      },
    };
    const streamed: string[] = [];
    const result = await summarizeText(engine, "Notes of the meeting.", { words: 40, onDelta: (d) => streamed.push(d) });
    assert.equal(result.text, "The meeting agreed on a date.");
    assert.equal(streamed.join(""), "The meeting agreed on a date.\n");
  });
});
