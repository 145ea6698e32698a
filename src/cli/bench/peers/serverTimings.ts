// llama-server's per-request figures (the "timings" and token counts of /infill and /completion
// answers) as our Timings, so the floor and the token figures are the same for every strategy.
import type { Timings } from "../../../protocol/types";

export interface ServerAnswer {
  content?: string;
  tokens_evaluated?: number;
  tokens_predicted?: number;
  stop_type?: string;
  timings?: { prompt_n?: number; prompt_ms?: number; predicted_n?: number; predicted_ms?: number; cache_n?: number };
}

export function serverTimings(a: ServerAnswer): Timings {
  const t = a.timings ?? {};
  const evaluated = t.prompt_n ?? 0;
  const promptTokens = a.tokens_evaluated ?? evaluated + (t.cache_n ?? 0);
  const promptMs = t.prompt_ms ?? 0;
  const generationMs = t.predicted_ms ?? 0;
  return {
    promptTokens,
    promptTokensEvaluated: evaluated,
    promptTokensReused: t.cache_n ?? Math.max(0, promptTokens - evaluated),
    generatedTokens: t.predicted_n ?? a.tokens_predicted ?? 0,
    promptMs,
    generationMs,
    totalMs: promptMs + generationMs,
  };
}
