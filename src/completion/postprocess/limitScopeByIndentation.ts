import { bodyIndentWidth, indentWidth } from "../generation/scopeWatcher";
import type { CompletionContext, PostprocessFilter } from "../types";
import { comparable, isClosingLine } from "./lines";

/**
 * Multi-line suggestions stay in the block the cursor is in: they end before the first line that
 * dedents below the block's body, and after maxLines lines (not counting an empty first line, the
 * rest of a block opener's line). The line closing the block (`}`, `end`, at the opener's
 * indentation) is kept only after a block opener on the cursor's line whose closer the document
 * does not already have next; on an empty line inside a body the document closes the block itself.
 */
export const limitScopeByIndentation: PostprocessFilter = (suggestion, context) => {
  if (context.mode !== "multiLine") return suggestion;
  const lines = suggestion.split("\n");
  const { size } = context.indentation;
  const body = bodyIndentWidth(context);
  let end = lines.length;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || indentWidth(line, size) >= body) continue;
    end = closesOpenedBlock(line, context) && !documentClosesNext(line, context) ? i + 1 : i;
    break;
  }
  const limit = context.maxLines + (lines[0]!.trim() === "" ? 1 : 0);
  return lines.slice(0, Math.min(end, limit)).join("\n");
};

/** `}` at the indentation of a block opener on the cursor's line. */
function closesOpenedBlock(line: string, context: CompletionContext): boolean {
  if (context.linePrefix.trim() === "") return false;
  const { size } = context.indentation;
  return isClosingLine(line) && indentWidth(line, size) === indentWidth(context.linePrefix, size);
}

/** The document's next non-blank line is the same closer (`}` for `},`) at the same indentation. */
function documentClosesNext(line: string, context: CompletionContext): boolean {
  const { size } = context.indentation;
  const next = context.suffix.split("\n").slice(1).find((l) => l.trim() !== "");
  return next !== undefined && comparable(next) === comparable(line) && indentWidth(next, size) === indentWidth(line, size);
}
