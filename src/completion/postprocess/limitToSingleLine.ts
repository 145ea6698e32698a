import type { PostprocessFilter } from "../types";

/**
 * Single-line mode (text after the cursor, in a comment, at the end of an ordinary line): the
 * first line only. A suggestion that starts with a newline has nothing for this line and is dropped.
 */
export const limitToSingleLine: PostprocessFilter = (suggestion, context) => {
  if (context.mode !== "singleLine") return suggestion;
  const newline = suggestion.indexOf("\n");
  return newline === -1 ? suggestion : suggestion.slice(0, newline);
};
