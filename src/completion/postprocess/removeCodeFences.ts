import type { PostprocessFilter } from "../types";

const FENCE_LINE = /^\s*```[\w+-]*\s*$/;

/**
 * A chat-style answer wrapped in a Markdown fence: keep what is inside, never the fence lines.
 * In Markdown documents a fence can be the right completion, so they are left alone there.
 */
export const removeCodeFences: PostprocessFilter = (suggestion, context) => {
  if (context.languageId === "markdown") return suggestion;
  const lines = suggestion.split("\n");
  const first = lines.findIndex((line) => FENCE_LINE.test(line));
  if (first === -1) return suggestion;
  if (first === 0) {
    const close = lines.findIndex((line, i) => i > 0 && FENCE_LINE.test(line));
    return lines.slice(1, close === -1 ? undefined : close).join("\n");
  }
  return lines.slice(0, first).join("\n");
};
