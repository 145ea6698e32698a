import { indentWidth } from "../generation/scopeWatcher";
import type { PostprocessFilter } from "../types";
import { comparable, isTrivialLine } from "./lines";

/**
 * A suggestion must not retype the lines that already follow the cursor (a top complaint): it is
 * cut at its first line equal to the document's next non-blank line (ignoring whitespace), so a
 * suggestion that is entirely the following text becomes "". A trivial line (`}`, `end`) is proof
 * only when it has the same indentation and everything from it to the end of the suggestion
 * repeats the following lines: a `}` closing the suggestion's own `if` is not the function's `}`.
 */
export const cutRepeatOfFollowingLines: PostprocessFilter = (suggestion, context) => {
  const following = context.suffix.split("\n").slice(1).filter((line) => comparable(line) !== "");
  if (following.length === 0) return suggestion;
  const tab = context.indentation.size;
  const same = (a: string, b: string) => comparable(a) === comparable(b) && (!isTrivialLine(a) || indentWidth(a, tab) === indentWidth(b, tab));
  const tailRepeats = (tail: string[]) => {
    const nonBlank = tail.filter((line) => comparable(line) !== "");
    return nonBlank.length <= following.length && nonBlank.every((line, k) => same(line, following[k]!));
  };

  const lines = suggestion.split("\n");
  // The first line completes the cursor's line: compare the line it makes, when it adds to it.
  const asDocument = lines.map((line, i) => (i === 0 ? (line.trim() === "" ? "" : context.linePrefix + line + context.lineSuffix) : line));
  for (let i = 0; i < lines.length; i++) {
    if (asDocument[i]!.trim() === "" || !same(asDocument[i]!, following[0]!)) continue;
    if (!isTrivialLine(asDocument[i]!) || tailRepeats(asDocument.slice(i))) return lines.slice(0, i).join("\n");
  }
  return suggestion;
};
