import type { PostprocessFilter } from "../types";

/** Single-line mode (mid-line, in a comment, end of an ordinary line): the first line only. */
export const limitToSingleLine: PostprocessFilter = (suggestion, context) => {
  if (context.mode !== "singleLine") return suggestion;
  const newline = suggestion.indexOf("\n");
  return newline === -1 ? suggestion : suggestion.slice(0, newline);
};
