import type { PostprocessFilter } from "../types";
import { scanBrackets } from "./brackets";

/**
 * Text after the cursor on the line (`)`, `";`, `) {`) stays there: VS Code inserts the suggestion
 * before it and replaces none of it. So only one line can be inserted, a suggestion that just
 * retypes the rest is dropped, one ending with a copy of the rest loses that ending, and a closing
 * bracket or quote that the rest already starts with ends the suggestion (`foo(a|)` + `a);`
 * gives `a`). A closer the suggestion opened itself (`inner(x)`) is its own and stays.
 */
export const trimLineSuffixDuplicate: PostprocessFilter = (suggestion, context) => {
  const rest = context.lineSuffix.trim();
  if (rest === "") return suggestion;
  const { languageId } = context;
  const quoteAtCursor = scanBrackets(context.linePrefix, languageId).openQuote;
  const line = suggestion.split("\n")[0]!;
  const typed = line.trimEnd();
  if (typed.trim() === rest) return "";

  if (typed.endsWith(rest)) {
    const head = typed.slice(0, typed.length - rest.length);
    const scan = scanBrackets(head, languageId, quoteAtCursor);
    const leavesOwnOpen = scan.openers.length > 0 || (scan.openQuote !== undefined && scan.openQuote !== quoteAtCursor);
    if (!leavesOwnOpen) return head;
  }
  const closer = scanBrackets(line, languageId, quoteAtCursor).firstUnmatchedCloser;
  if (closer !== -1 && rest.startsWith(line[closer]!)) return line.slice(0, closer).trimEnd();
  return line;
};
