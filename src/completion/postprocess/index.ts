// Post-processing: small pure filters, in order. Cleaning first (leaked tokens, fences), then
// shape (single line, scope, loops), then duplication of what the document already has, then
// indentation and whitespace. The first filter that empties the suggestion is named as the reason.
import type { CompletionContext, PostprocessFilter } from "../types";
import { cutRepeatOfFollowingLines } from "./cutRepeatOfFollowingLines";
import { limitScopeByIndentation } from "./limitScopeByIndentation";
import { limitToSingleLine } from "./limitToSingleLine";
import { normalizeCharacters } from "./normalizeCharacters";
import { normalizeIndentation } from "./normalizeIndentation";
import { removeCodeFences } from "./removeCodeFences";
import { removeSpecialTokens } from "./removeSpecialTokens";
import { stopAtRepeatedLines } from "./stopAtRepeatedLines";
import { trimLineSuffixDuplicate } from "./trimLineSuffixDuplicate";
import { trimWhitespace } from "./trimWhitespace";

const FILTERS: [PostprocessFilter, string][] = [
  [removeSpecialTokens, "only special tokens"],
  [normalizeCharacters, "only control characters"],
  [removeCodeFences, "only a code fence"],
  [limitToSingleLine, "an empty line"],
  [stopAtRepeatedLines, "a repeated line"],
  [limitScopeByIndentation, "leaves the current block"],
  [cutRepeatOfFollowingLines, "repeats the following lines"],
  [trimLineSuffixDuplicate, "repeats the rest of the line"],
  [normalizeIndentation, "blank"],
  [trimWhitespace, "blank"],
];

export function postprocess(raw: string, context: CompletionContext): { text: string; reason?: string } {
  let text = raw;
  for (const [filter, reason] of FILTERS) {
    text = filter(text, context);
    if (text.trim() === "") return { text: "", reason: `the suggestion was ${reason}` };
  }
  return { text };
}
