// Classification by scoring: the probability of each label's tokens right after the prompt, so the
// answer is always one of the labels and comes with a probability for each (no free text to
// parse). The first position is shared by all labels (one decode). When two labels begin with the
// same token, each label's further tokens are scored too (a few more decodes, the sequence rewound
// to the prompt after each label).
import type { Timings } from "../protocol/types";
import type { LlamaContextSequence, Token } from "./nodeLlamaCpp";
import { type ChunkSizer, evaluatePromptInChunks } from "./promptEvaluation";

export interface LabelScoringJob {
  sequence: LlamaContextSequence;
  promptTokens: Token[];
  labels: Token[][];
  signal: AbortSignal;
  chunkSizer: ChunkSizer;
  /** Awaited before each prompt chunk (see evaluatePromptInChunks). */
  beforeChunk?: () => Promise<void>;
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
  const head = promptTokens.slice(0, -1);
  const last = promptTokens[promptTokens.length - 1]!;
  const prompt = await evaluatePromptInChunks(sequence, head, signal, job.chunkSizer, undefined, job.beforeChunk);
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
  const [first] = await sequence.controlledEvaluate([[last, { generateNext: NEXT_PROBABILITIES }]]);
  timings.promptTokensEvaluated++;
  const firstLogProbs = logProbsOf(first?.next, firsts);
  const logProbs: number[] = [];
  for (const label of labels) {
    let sum = firstLogProbs.get(label[0]!) ?? -Infinity;
    if (!firstTokenDecides && label.length > 1 && Number.isFinite(sum)) {
      if (signal.aborted) return done();
      const outputs = await sequence.controlledEvaluate(label.slice(0, -1).map((token) => [token, { generateNext: NEXT_PROBABILITIES }] as const));
      label.slice(1).forEach((token, i) => (sum += logProbsOf(outputs[i]?.next, [token]).get(token) ?? -Infinity));
      await sequence.adaptStateToTokens(promptTokens, false); // back to the prompt for the next label
    }
    logProbs.push(sum);
  }
  return done(logProbs);
}

/**
 * The next token's probabilities over the whole vocabulary. With no temperature the sampler is
 * greedy, which leaves the logits as they are, so these are the model's own softmax. (node-llama-cpp
 * 3.22 can return only the wanted tokens' logits; 3.21.1, the newest with prebuilt binaries for
 * every platform on the registry, returns the full map: one 150,000-entry map per decode.)
 */
const NEXT_PROBABILITIES = { probabilities: true } as const;

/** Natural-log probability of each token, for the tokens of interest only. */
function logProbsOf(next: { probabilities?: Map<Token, number> } | undefined, tokens: readonly Token[]): Map<Token, number> {
  const result = new Map<Token, number>();
  if (!next?.probabilities) return result;
  for (const token of tokens) {
    const p = next.probabilities.get(token);
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
