import type { PostprocessFilter } from "../types";

/**
 * No trailing spaces on any line and no trailing blank lines. A one-line suggestion keeps its
 * trailing space when text follows the cursor on the line: `foo(a, |b)` needs the space in "a, ".
 */
export const trimTrailingWhitespace: PostprocessFilter = (suggestion, context) => {
  const lines = suggestion.split("\n");
  while (lines.length > 1 && lines.at(-1)!.trim() === "") lines.pop();
  const spaceSeparatesRest = lines.length === 1 && /^\S/.test(context.lineSuffix);
  return spaceSeparatesRest ? lines[0]! : lines.map((line) => line.trimEnd()).join("\n");
};
