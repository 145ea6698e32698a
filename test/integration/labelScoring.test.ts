// Label scoring's fast path (argmax probability + a top-k softmax over the wanted tokens, see
// labelScoring.ts) against the reference: the next-token map over the whole vocabulary. Same
// natural-log probabilities within 1e-4, for labels told apart by their first token and for labels
// sharing it (every token scored), on the tiny model.
import assert from "node:assert/strict";
import { ChunkSizer } from "../../src/engine/promptEvaluation";
import { scoreLabels } from "../../src/engine/labelScoring";
import { importNodeLlamaCpp, type LlamaContextSequence, type LlamaModel, type Token } from "../../src/engine/nodeLlamaCpp";
import { tinyModel } from "./fixtures";

describe("label scoring: fast path equals the full-vocabulary map", function () {
  let model: LlamaModel;
  let sequence: LlamaContextSequence;
  before(async () => {
    const nlc = await importNodeLlamaCpp();
    const llama = await nlc.getLlama({ gpu: false, build: "never", logLevel: nlc.LlamaLogLevel.error });
    model = await llama.loadModel({ modelPath: await tinyModel() });
    sequence = (await model.createContext({ contextSize: 512, threads: 1 })).getSequence();
  });
  after(() => model?.dispose());

  let fullMaps = 0; // decodes that asked for the map over the whole vocabulary
  let maxDifference = 0;
  const score = async (promptTokens: Token[], labels: Token[][], fullVocabularyMaps: boolean) => {
    const evaluate = sequence.controlledEvaluate;
    sequence.controlledEvaluate = (input, options) => {
      fullMaps += input.filter((item) => Array.isArray(item) && item[1]?.generateNext?.probabilities && !item[1].generateNext.options).length;
      return evaluate.call(sequence, input, options);
    };
    try {
      return (await scoreLabels({ sequence, promptTokens, labels, signal: new AbortController().signal, chunkSizer: new ChunkSizer(), fullVocabularyMaps })).logProbs!;
    } finally {
      sequence.controlledEvaluate = evaluate;
    }
  };

  it("gives the same log-probabilities, whether the top token is a label or not", async () => {
    const tokens = (text: string) => model.tokenize(text, false, "trimLeadingSpace");
    let labelTopSeen = false;
    for (const text of ["Text: I love it!\nSentiment:", "Terrible, broke after a day. Sentiment:", "x", "とても良い製品です"]) {
      const prompt = tokens(text);
      const outputs = await sequence.controlledEvaluate([...prompt.slice(0, -1), [prompt.at(-1)!, { generateNext: { token: true } }]]);
      const top = outputs[prompt.length - 1]!.next.token!;
      await sequence.eraseContextTokenRanges([{ start: 0, end: sequence.nextTokenIndex }]);
      const distinct = [" positive", " negative", " neutral"].map((label) => tokens(label).slice(0, 1));
      const sets: Token[][][] = [
        distinct,
        [...distinct, [top]], // the model's own top token among the labels
        [[...distinct[0]!, ...tokens("ly")], [...distinct[0]!, ...tokens("ness")], ...distinct.slice(1)], // a shared first token
      ];
      for (const labels of sets) {
        const reference = await score(prompt, labels, true);
        fullMaps = 0;
        const fast = await score(prompt, labels, false);
        assert.equal(fullMaps, 0, "the fast path fell back to the full map");
        labelTopSeen ||= labels.some((label) => label.length === 1 && label[0] === top);
        assert.equal(fast.length, labels.length);
        fast.forEach((lp, i) => {
          assert.ok(Number.isFinite(lp) && lp < 0, `${text} ${JSON.stringify(labels)}: ${fast}`);
          assert.ok(Math.abs(lp - reference[i]!) < 1e-4, `${text} ${JSON.stringify(labels)}: fast ${fast} vs map ${reference}`);
          maxDifference = Math.max(maxDifference, Math.abs(lp - reference[i]!));
        });
        // Scoring leaves the prompt in the sequence: scoring again (the prompt cached) gives the same.
        assert.deepEqual(await score(prompt, labels, false), fast);
      }
    }
    assert.ok(labelTopSeen);
  });
});
