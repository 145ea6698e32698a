import { bodyIndentWidth, indentWidth } from "../generation/scopeWatcher";
import type { PostprocessFilter } from "../types";

/**
 * Multi-line suggestions stay in the block the cursor is in: they end before the first line that
 * dedents out of it, and after maxLines lines. The block's closing line (`}`, `end`) is kept only
 * when the document does not already close the block right after the cursor.
 */
export const limitScopeByIndentation: PostprocessFilter = (suggestion, context) => {
  if (context.mode !== "multiLine") return suggestion;
  const lines = suggestion.split("\n");
  const body = bodyIndentWidth(context);
  const tab = context.indentation.size;
  let end = lines.length;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() !== "" && indentWidth(line, tab) < body) {
      const closesBlock = /^\s*[)\]}]/.test(line) || /^\s*end\b/.test(line);
      const nextInDocument = context.suffix.split("\n").slice(1).find((l) => l.trim() !== "") ?? "";
      end = closesBlock && nextInDocument.trim() !== line.trim() && context.linePrefix.trim() !== "" ? i + 1 : i;
      break;
    }
  }
  return lines.slice(0, Math.min(end, context.maxLines)).join("\n");
};
