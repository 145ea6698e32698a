// The words a summary request sends: chat messages for instruct models (their template), a plain
// completion prompt for base models, for one part of the text or for combining part summaries.
import type { ChatMessage } from "../protocol/types";

export const SUMMARY_PRESETS = { short: 40, medium: 100, long: 250 } as const;
export type SummaryPreset = keyof typeof SUMMARY_PRESETS;

/** Tokens to allow for a summary of up to `words` words (English runs ~1.3 tokens a word). */
export function summaryMaxTokens(words: number): number {
  return Math.ceil(words * 1.6) + 16;
}

export type SummaryPrompt = { messages: ChatMessage[] } | { prompt: string };

export function summaryPrompt(text: string, words: number, kind: "text" | "partSummaries", chat: boolean): SummaryPrompt {
  const what = kind === "text" ? "the following text" : "the following summaries of consecutive parts of one text, as one summary of the whole text";
  if (chat) {
    return {
      messages: [
        { role: "system", content: "You write faithful, concise summaries. Keep the text's language. Do not add facts." },
        { role: "user", content: `Summarize ${what} in up to ${words} words.\n\n"""\n${text}\n"""` },
      ],
    };
  }
  return { prompt: `${kind === "text" ? "Text" : "Summaries of the parts of a text"}:\n"""\n${text}\n"""\n\nSummary of the ${kind === "text" ? "text" : "whole text"} in up to ${words} words:\n` };
}

/** Tokens a chat template adds around the messages (role markers, BOS), generously. */
export const SUMMARY_TEMPLATE_TOKENS = 48;

/**
 * Where a base model's summary ends: it closes the quote, starts the next "Text:" of the pattern,
 * or leaves two blank lines. (Instruct models end their turn with an end-of-generation token.)
 */
export const BASE_SUMMARY_STOPS = ['"""', "\nText:\n", "\nSummaries of the parts", "\n\n\n"];
