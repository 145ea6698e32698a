import { indentWidth } from "../generation/scopeWatcher";
import type { CompletionContext, PostprocessFilter } from "../types";
import { CLOSER_OF, scanBrackets } from "./brackets";

/**
 * In multi-line mode a closing bracket the suggestion did not open closes the block the cursor is
 * in. When the document already closes that block after the cursor, the suggestion ends before
 * its closer (`return 1; }` becomes `return 1;`). The document's closer counts only when it is not
 * on a line indented less than the opener's: a `}` further left closes an outer block, and the
 * user is writing a new block that still needs its own.
 */
export const cutAtUnmatchedCloser: PostprocessFilter = (suggestion, context) => {
  if (context.mode !== "multiLine") return suggestion;
  const { languageId } = context;
  const at = scanBrackets(suggestion, languageId).firstUnmatchedCloser;
  if (at === -1) return suggestion;
  const opener = scanBrackets(context.prefix, languageId).openers.at(-1);
  if (opener === undefined || CLOSER_OF[context.prefix[opener]!] !== suggestion[at]) return suggestion;
  const documentCloser = scanBrackets(context.suffix, languageId).firstUnmatchedCloser;
  if (documentCloser === -1 || context.suffix[documentCloser] !== suggestion[at]) return suggestion;
  const { size } = context.indentation;
  if (indentWidth(lineAround(context, documentCloser), size) < indentWidth(lineOf(context.prefix, opener), size)) return suggestion;
  return suggestion.slice(0, at).trimEnd();
};

function lineOf(text: string, index: number): string {
  const start = text.lastIndexOf("\n", index - 1) + 1;
  const end = text.indexOf("\n", index);
  return text.slice(start, end === -1 ? undefined : end);
}

/** The document line holding suffix[index]; on the cursor's line it starts with linePrefix. */
function lineAround(context: CompletionContext, index: number): string {
  const newline = context.suffix.lastIndexOf("\n", index - 1);
  return newline === -1 ? context.linePrefix + context.suffix.slice(0, index + 1) : lineOf(context.suffix, index);
}
