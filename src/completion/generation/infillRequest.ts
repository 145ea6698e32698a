// What to ask the engine for: token and time limits and stop strings by mode. Greedy decoding
// (temperature 0): a completion should be the model's most likely continuation, and repeatable.
import type { InfillParams } from "../../protocol/types";
import type { CompletionMode } from "../types";

export interface GenerationLimits {
  singleLineMaxTokens: number;
  multiLineMaxTokens: number;
  /** Hard stop for one request: a suggestion later than this is not worth the CPU. */
  timeLimitMs: number;
}

export const DEFAULT_LIMITS: GenerationLimits = { singleLineMaxTokens: 48, multiLineMaxTokens: 160, timeLimitMs: 4000 };

export function infillParams(prefix: string, suffix: string, mode: CompletionMode, limits: GenerationLimits): InfillParams {
  return {
    prefix,
    suffix,
    temperature: 0,
    maxTokens: mode === "singleLine" ? limits.singleLineMaxTokens : limits.multiLineMaxTokens,
    stop: mode === "singleLine" ? ["\n"] : ["\n\n\n"],
    timeLimitMs: limits.timeLimitMs,
  };
}
