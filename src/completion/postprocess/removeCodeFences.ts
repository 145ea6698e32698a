import { languageFacts } from "../../shared/languages";
import type { CompletionContext, PostprocessFilter } from "../types";

const FENCE_LINE = /^\s*(```|~~~)[\w+#.-]*\s*$/;
const OPENING_FENCE = /^\s*(```|~~~)[\w+#.-]+\s*$/; // with a language: ```ts

/**
 * An instruct model answering in chat style wraps code in a Markdown fence, and may add prose.
 * Outside Markdown a fence line is never code, so:
 * - a suggestion starting with a fence is unwrapped (its content, nothing after the closing fence);
 * - a fence with a language later on opens a chat answer after prose: the whole suggestion is dropped;
 * - a bare fence later on closes the code: the suggestion ends before it.
 * Markdown documents are left alone: there ``` is often exactly what the user wants next.
 */
export const removeCodeFences: PostprocessFilter = (suggestion, context) => {
  if (languageFacts(context.languageId).fenced) return suggestion; // a fence is content there
  const lines = suggestion.split("\n");
  const first = lines.findIndex((line) => FENCE_LINE.test(line));
  if (first === -1) return suggestion;
  if (lines.slice(0, first).some((line) => line.trim() !== "")) {
    return OPENING_FENCE.test(lines[first]!) ? "" : lines.slice(0, first).join("\n");
  }
  const close = lines.findIndex((line, i) => i > first && FENCE_LINE.test(line));
  return placeAtCursor(lines.slice(first + 1, close === -1 ? undefined : close), context);
};

/** The fenced content was written as whole lines; the first one continues the cursor's line. */
function placeAtCursor(content: string[], context: CompletionContext): string {
  if (content.length === 0) return "";
  // After a block opener (`function f() {`) the body belongs on the next lines.
  if (context.mode === "multiLine" && context.linePrefix.trim() !== "") return ["", ...content].join("\n");
  // Otherwise the cursor's line already has its indentation (or text): do not indent twice.
  const [head, ...rest] = content;
  return [head!.trimStart(), ...rest].join("\n");
}
