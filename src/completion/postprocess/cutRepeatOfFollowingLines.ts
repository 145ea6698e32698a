import type { PostprocessFilter } from "../types";

/**
 * A suggestion must not repeat the lines that already follow the cursor (a top complaint): cut it
 * where its lines start matching the document's next non-blank line.
 */
export const cutRepeatOfFollowingLines: PostprocessFilter = (suggestion, context) => {
  const following = context.suffix
    .split("\n")
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  if (following.length === 0) return suggestion;
  const lines = suggestion.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line !== "" && line.length > 1 && line === following[0]) {
      return i === 0 ? "" : lines.slice(0, i).join("\n");
    }
  }
  return suggestion;
};
