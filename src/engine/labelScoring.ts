// Classification by scoring: the probability of each label's tokens right after the prompt, so the
// answer is always one of the labels and comes with a probability for each (no free text to
// parse). The first position is shared by all labels (one decode). When two labels begin with the
// same token, each label's further tokens are scored too (a few more decodes, the sequence rewound
// to the prompt after each label).
import type { Timings } from "../protocol/types";
import { importNodeLlamaCpp, type LlamaContextSequence, type Token } from "./nodeLlamaCpp";
import { type ChunkSizer, evaluatePromptInChunks, type NextTokenOutput, type NextTokenRequest } from "./promptEvaluation";

export interface LabelScoringJob {
  sequence: LlamaContextSequence;
  promptTokens: Token[];
  labels: Token[][];
  signal: AbortSignal;
  chunkSizer: ChunkSizer;
  /** Awaited before each prompt chunk (see evaluatePromptInChunks). */
  beforeChunk?: () => Promise<void>;
  /** Score from the next-token map over the whole vocabulary (slow; the reference tests compare with). */
  fullVocabularyMaps?: boolean;
}

export interface LabelScores {
  /** Natural-log probability of each label's tokens; undefined when aborted. */
  logProbs?: number[];
  timings: Timings;
  backgroundWork?: Promise<void>;
}

export async function scoreLabels(job: LabelScoringJob): Promise<LabelScores> {
  const started = performance.now();
  const { sequence, promptTokens, labels, signal } = job;
  const last = promptTokens[promptTokens.length - 1]!;
  // The argmax pass for the first label token rides along with the prompt's last chunk.
  const nextRequest = job.fullVocabularyMaps ? NEXT_PROBABILITIES : ARGMAX;
  const prompt = await evaluatePromptInChunks(sequence, promptTokens, signal, job.chunkSizer, undefined, job.beforeChunk, nextRequest);
  const timings: Timings = {
    promptTokens: promptTokens.length,
    promptTokensEvaluated: prompt.evaluated,
    promptTokensReused: prompt.reused,
    generatedTokens: 0,
    promptMs: 0,
    generationMs: 0,
    totalMs: 0,
  };
  const done = (logProbs?: number[]): LabelScores => {
    timings.totalMs = timings.promptMs = Math.round((performance.now() - started) * 10) / 10;
    return { logProbs, timings, backgroundWork: prompt.backgroundWork };
  };
  if (prompt.aborted) return done();

  const firsts = [...new Set(labels.map((label) => label[0]!))];
  // Distinct first tokens tell the labels apart on their own: one decode scores them all (the rest
  // of a label is all but certain once it has begun). Otherwise every token of every label counts.
  const firstTokenDecides = firsts.length === labels.length;
  const [firstLogProbs] = await nextLogProbs(sequence, [last], [firsts], [prompt.next], job.fullVocabularyMaps);
  const logProbs: number[] = [];
  for (const label of labels) {
    let sum = firstLogProbs!.get(label[0]!) ?? -Infinity;
    if (!firstTokenDecides && label.length > 1 && Number.isFinite(sum)) {
      if (signal.aborted) return done();
      const rest = await nextLogProbs(sequence, label.slice(0, -1), label.slice(1).map((token) => [token]), undefined, job.fullVocabularyMaps);
      label.slice(1).forEach((token, i) => (sum += rest[i]!.get(token) ?? -Infinity));
      await sequence.adaptStateToTokens(promptTokens, false); // back to the prompt for the next label
    }
    logProbs.push(sum);
  }
  return done(logProbs);
}

// Why two passes: node-llama-cpp 3.21.1 (the newest with prebuilt binaries for every platform on
// the registry) returns the next token's probabilities only as a Map over the whole vocabulary
// (152k entries for Qwen2.5), which took ~130 ms per decode to build in JS, more than the decode.
// 3.22 can return chosen tokens' logits; here the same numbers come from two cheap outputs:
// - ARGMAX (greedy): the top token s and its probability p(s), which carries the full-vocabulary
//   normaliser (the native side softmaxes over every token for it; no array crosses to JS);
// - WANTED: the same position decoded again with the wanted tokens raised by WANTED_BIAS and top-k
//   keeping them plus the best other token, so the native softmax runs over those few only and
//   gives p(t)/p(s) (s is a wanted token or that best other one; the bias taken back out).
// log p(t) = log(p(t)/p(s)) + log p(s). The bias is exact up to float32 rounding of logit + 64
// (~1e-5). A wanted token more than 64 nats below the top falls out of the top-k: then (and if
// anything else is off) the full map is used, so the result never differs from it.
const ARGMAX = { token: true, confidence: true } as const;
const NEXT_PROBABILITIES = { probabilities: true } as const;
const WANTED_BIAS = 64;

type Next = NextTokenOutput | undefined;

/**
 * Natural-log probability (full-vocabulary softmax, the model's own with no temperature) of
 * wanted[i] being the token after tokens[i], the tokens appended to the sequence. With `evaluated`
 * the tokens were evaluated already (with ARGMAX, or NEXT_PROBABILITIES when fullVocabularyMaps),
 * their outputs given. Leaves the sequence ending with the tokens.
 */
async function nextLogProbs(sequence: LlamaContextSequence, tokens: Token[], wanted: Token[][], evaluated: Next[] | undefined, fullVocabularyMaps = false): Promise<Map<Token, number>[]> {
  const start = sequence.nextTokenIndex - (evaluated ? tokens.length : 0);
  const evaluate = async (generateNext: (i: number) => NextTokenRequest): Promise<Next[]> => {
    if (sequence.nextTokenIndex > start) await sequence.eraseContextTokenRanges([{ start, end: sequence.nextTokenIndex }]);
    const outputs = await sequence.controlledEvaluate(tokens.map((token, i) => [token, { generateNext: generateNext(i) }]));
    return tokens.map((_, i) => outputs[i]?.next);
  };
  if (fullVocabularyMaps) {
    const maps = evaluated ?? (await evaluate(() => NEXT_PROBABILITIES));
    return maps.map((next, i) => logProbsFromMap(next?.probabilities, wanted[i]!));
  }
  const argmaxes = evaluated ?? (await evaluate(() => ARGMAX));
  const { TokenBias } = await importNodeLlamaCpp();
  const kept = await evaluate((i) => {
    const bias = new TokenBias(sequence.model.tokenizer);
    for (const token of wanted[i]!) bias.set(token, { logit: WANTED_BIAS });
    return { probabilities: true, options: { temperature: 1, topK: new Set(wanted[i]).size + 1, topP: 1, minP: 0, tokenBias: bias } };
  });
  const results = tokens.map((_, i) => logProbsFromKept(kept[i]?.probabilities, argmaxes[i], wanted[i]!));
  if (results.every((result) => result !== undefined)) return results;
  return nextLogProbs(sequence, tokens, wanted, await evaluate(() => NEXT_PROBABILITIES), true);
}

/** log p(t) = log(p(t)/p(s)) + log p(s), s the argmax; undefined when a wanted token was cut. */
function logProbsFromKept(kept: Map<Token, number> | undefined, argmax: Next, wanted: readonly Token[]): Map<Token, number> | undefined {
  if (!kept || argmax?.token == null || !argmax.confidence) return undefined;
  const others = [...kept].filter(([token]) => !wanted.includes(token));
  if (others.length !== 1) return undefined; // a wanted token fell out of the top-k
  // s is wanted (raised like the others), or else the best other token (not raised), whose logit
  // equals s's even on a tie.
  const sWanted = wanted.includes(argmax.token);
  const top = sWanted ? kept.get(argmax.token) : others[0]![1];
  if (!top) return undefined;
  const logPs = Math.log(argmax.confidence) - (sWanted ? 0 : WANTED_BIAS);
  const result = new Map<Token, number>();
  for (const token of wanted) {
    const p = kept.get(token);
    if (p !== undefined && p > 0) result.set(token, Math.log(p / top) + logPs);
  }
  return result;
}

/** Natural-log probability of each token, for the tokens of interest only. */
function logProbsFromMap(probabilities: Map<Token, number> | undefined, tokens: readonly Token[]): Map<Token, number> {
  const result = new Map<Token, number>();
  if (!probabilities) return result;
  for (const token of tokens) {
    const p = probabilities.get(token);
    if (p !== undefined && p > 0) result.set(token, Math.log(p));
  }
  return result;
}

/** Label shares that sum to 1 (softmax over the labels' log-probabilities). */
export function normalizeScores(logProbs: readonly number[]): number[] {
  const finite = logProbs.filter(Number.isFinite);
  if (finite.length === 0) return logProbs.map(() => 1 / logProbs.length);
  const max = Math.max(...finite);
  const weights = logProbs.map((lp) => (Number.isFinite(lp) ? Math.exp(lp - max) : 0));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}
