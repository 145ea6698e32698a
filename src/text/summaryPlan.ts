// Whether a text can be summarized with this model's context and the requested length, decided
// before any generation: a context too small for the summary itself, or so small that a part's
// summary is nearly as long as the part (the summaries of summaries would never get shorter), is
// refused in one line that says what would work. Otherwise the number of model calls is bounded.
import { summaryMaxTokens, SUMMARY_TEMPLATE_TOKENS } from "./summaryPrompt";

/** The smallest summary a part gets (words). */
export const MIN_PART_WORDS = 30;
/** Each combining round must at least halve the text, or the rounds would not end in time. */
const MIN_SHRINK = 2;
/** "Part 12: " and the blank line between part summaries. */
const PART_OVERHEAD_TOKENS = 6;

export interface SummaryPlanInput {
  contextSize: number;
  words: number;
  /** Tokens of the instruction without the text. */
  instructionTokens: number;
  /** Tokens of the whole text (an estimate is enough: it only sizes the plan). */
  textTokens: number;
  /** Words in the text: to say "at most N words" in the user's terms. */
  textWords: number;
}

export type SummaryPlan =
  | { ok: true; budget: number; parts: number; partWords: number; /** Upper bound on model calls. */ calls: number }
  | { ok: false; message: string };

export function planSummary(input: SummaryPlanInput): SummaryPlan {
  const plan = tryPlan(input);
  if (plan.ok) return plan;
  const { words, contextSize } = input;
  const fixed = input.instructionTokens + SUMMARY_TEMPLATE_TOKENS;
  if (plan.reason === "summaryTooLong") {
    const maxWords = Math.floor((contextSize - fixed - 64 - 16) / 1.6);
    const fewer = maxWords >= 10 ? `ask for at most ${maxWords} words, or ` : "";
    return { ok: false, message: `A ${words}-word summary does not fit this model's ${contextSize}-token context: ${fewer}use a model with a larger context (or raise the context size: localSlm.contextSize, --context-size in the CLI).` };
  }
  const enough = smallestWorkingContext(input);
  const wordsPerToken = input.textWords / Math.max(1, input.textTokens);
  const atOnce = Math.max(1, Math.floor(plan.budget * wordsPerToken));
  return {
    ok: false,
    message: `This ${input.textWords.toLocaleString("en-US")}-word text is too long to summarize with a ${contextSize}-token context (each part's summary would be nearly as long as the part): summarize at most ~${atOnce.toLocaleString("en-US")} words at a time, or use a model with a context of at least ${enough.toLocaleString("en-US")} tokens.`,
  };
}

type Attempt = Extract<SummaryPlan, { ok: true }> | { ok: false; reason: "summaryTooLong" | "noShrink"; budget: number };

function tryPlan({ contextSize, words, instructionTokens, textTokens }: SummaryPlanInput): Attempt {
  const budget = contextSize - summaryMaxTokens(words) - instructionTokens - SUMMARY_TEMPLATE_TOKENS;
  if (budget < 64) return { ok: false, reason: "summaryTooLong", budget };
  if (textTokens <= budget) return { ok: true, budget, parts: 1, partWords: words, calls: 1 };
  // Parts are packed to ~90% of the budget on average (they end at paragraph or line breaks).
  const parts = Math.ceil(textTokens / (budget * 0.9));
  // Never more than the summary asked for: the budget leaves room for that many tokens only.
  const partWords = Math.min(words, Math.max(MIN_PART_WORDS, Math.floor(budget / parts / 1.6)));
  const shrink = budget / (summaryMaxTokens(partWords) + PART_OVERHEAD_TOKENS);
  if (shrink < MIN_SHRINK) return { ok: false, reason: "noShrink", budget };
  // Parts, then each combining round divides their number by `shrink` (a geometric series).
  let calls = parts;
  for (let left = parts; left > 1; left = Math.ceil(left / shrink)) calls += Math.ceil(left / shrink);
  return { ok: true, budget, parts, partWords, calls };
}

/** The smallest power-of-two context (from 512) that would summarize this text. */
function smallestWorkingContext(input: SummaryPlanInput): number {
  for (let size = 512; size <= 1 << 20; size *= 2) if (size > input.contextSize && tryPlan({ ...input, contextSize: size }).ok) return size;
  return 1 << 20;
}
