// Post-processing: small pure filters run in order over the model's raw output.
//  1. Cleaning, before anything reads lines: line breaks become "\n" and control characters go;
//     leaked control tokens end the text; chat fences are unwrapped (a fence line would otherwise
//     count as a line, a dedent, a repetition).
//  2. Shape: single-line mode keeps the first line; with text after the cursor the suggestion
//     must fit before it (and the repetition check below needs the line it really makes).
//  3. Indentation in the document's style, before any filter compares indentation widths.
//  4. Repetition: a looping model, then lines the document already has below the cursor. These
//     run before the scope cut so that a suggestion emptied by a repeat is reported as one.
//  5. Scope: stop when leaving the cursor's block, at maxLines, and at a closer the document has.
//  6. Whitespace last, so that it also cleans what the cuts above left behind.
// The first filter that leaves nothing but whitespace is reported as the reason.
import type { CompletionContext, PostprocessFilter } from "../types";
import { cutAtUnmatchedCloser } from "./cutAtUnmatchedCloser";
import { cutRepeatOfFollowingLines } from "./cutRepeatOfFollowingLines";
import { dropBlank } from "./dropBlank";
import { limitScopeByIndentation } from "./limitScopeByIndentation";
import { limitToSingleLine } from "./limitToSingleLine";
import { normalizeCharacters } from "./normalizeCharacters";
import { normalizeIndentation } from "./normalizeIndentation";
import { removeCodeFences } from "./removeCodeFences";
import { removeSpecialTokens } from "./removeSpecialTokens";
import { stopAtRepeatedLines } from "./stopAtRepeatedLines";
import { trimLineSuffixDuplicate } from "./trimLineSuffixDuplicate";
import { trimTrailingWhitespace } from "./trimTrailingWhitespace";

export interface PostprocessStep {
  name: string;
  filter: PostprocessFilter;
  /** The reason given when this filter leaves nothing. */
  emptied: string;
}

export const POSTPROCESS_STEPS: readonly PostprocessStep[] = [
  { name: "normalizeCharacters", filter: normalizeCharacters, emptied: "only control characters" },
  { name: "removeSpecialTokens", filter: removeSpecialTokens, emptied: "only control tokens (a prompt template leaked)" },
  { name: "removeCodeFences", filter: removeCodeFences, emptied: "a chat-style answer, not code" },
  { name: "limitToSingleLine", filter: limitToSingleLine, emptied: "nothing for the cursor's line" },
  { name: "trimLineSuffixDuplicate", filter: trimLineSuffixDuplicate, emptied: "repeats the rest of the line" },
  { name: "normalizeIndentation", filter: normalizeIndentation, emptied: "only whitespace" },
  { name: "stopAtRepeatedLines", filter: stopAtRepeatedLines, emptied: "a repeated line" },
  { name: "cutRepeatOfFollowingLines", filter: cutRepeatOfFollowingLines, emptied: "repeats the following lines" },
  { name: "limitScopeByIndentation", filter: limitScopeByIndentation, emptied: "leaves the current block" },
  { name: "cutAtUnmatchedCloser", filter: cutAtUnmatchedCloser, emptied: "closes a block the document already closes" },
  { name: "trimTrailingWhitespace", filter: trimTrailingWhitespace, emptied: "only whitespace" },
  { name: "dropBlank", filter: dropBlank, emptied: "only whitespace" },
];

export function postprocess(raw: string, context: CompletionContext): { text: string; reason?: string } {
  if (raw.trim() === "") return { text: "", reason: raw === "" ? "the model suggested nothing" : "only whitespace" };
  let text = raw;
  for (const step of POSTPROCESS_STEPS) {
    text = step.filter(text, context);
    if (text.trim() === "") return { text: "", reason: step.emptied };
  }
  return { text };
}
