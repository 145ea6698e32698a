import type { PostprocessFilter } from "../types";

/** No trailing spaces on any line, no trailing blank lines; whitespace only means nothing. */
export const trimWhitespace: PostprocessFilter = (suggestion) => {
  const trimmed = suggestion
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n+$/, "");
  return trimmed.trim() === "" ? "" : trimmed;
};
