import type { PostprocessFilter } from "../types";

/** A looping model repeats a line: keep the first occurrence of a run of identical lines only. */
export const stopAtRepeatedLines: PostprocessFilter = (suggestion) => {
  const lines = suggestion.split("\n");
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.length > 2 && line === lines[i - 1]!.trim()) return lines.slice(0, i).join("\n");
  }
  return suggestion;
};
