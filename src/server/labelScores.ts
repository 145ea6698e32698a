// Label scoring from the probabilities a server reports for the first answer token: each label's
// share is the probability of the tokens that begin it (one of the top tokens, matched by text).
// Labels no top token begins share nothing; when no label is seen at all, each gets an equal share.
import type { ClassifyResult } from "../protocol/types";

export interface TokenProbability {
  token: string;
  probability: number;
}

/** Shares that sum to 1, one per label, from the top tokens of the first answer position. */
export function labelShares(labels: readonly string[], top: readonly TokenProbability[]): number[] {
  const totals = labels.map(() => 0);
  for (const { token, probability } of top) {
    const piece = token.trim().toLowerCase();
    if (piece === "") continue;
    // The token must begin exactly one label: "neg" begins "negative", "ne" begins two and tells nothing.
    const matches = labels.map((label, i) => (label.trim().toLowerCase().startsWith(piece) ? i : -1)).filter((i) => i >= 0);
    if (matches.length === 1) totals[matches[0]!]! += probability;
  }
  const sum = totals.reduce((a, b) => a + b, 0);
  return sum > 0 ? totals.map((t) => t / sum) : labels.map(() => 1 / labels.length);
}

/**
 * A classification from the top log-probabilities a server reports for the first answer token
 * (OpenAI's and Ollama's "logprobs"): one request, one generated token, no cache figures.
 */
export function scoresFromLogprobs(labels: readonly string[], top: readonly { token: string; logprob: number }[], promptTokens: number, startedAt: number): ClassifyResult {
  const totalMs = Math.round(performance.now() - startedAt);
  return {
    scores: labelShares(labels, top.map((t) => ({ token: t.token, probability: Math.exp(t.logprob) }))),
    timings: { promptTokens, promptTokensEvaluated: promptTokens, promptTokensReused: 0, generatedTokens: 1, promptMs: totalMs, generationMs: 0, totalMs },
  };
}
