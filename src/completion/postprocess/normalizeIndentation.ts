import { indentWidth } from "../generation/scopeWatcher";
import type { PostprocessFilter } from "../types";

// Indentation steps a model plausibly uses; anything else (1 for ` * ` comment lines, 3 for an
// alignment) is not a style to convert from.
const MODEL_STEPS = new Set([2, 4, 8]);

/**
 * Continuation lines in the document's indentation style (the first line continues the cursor's
 * line and keeps whatever it has). Tabs or spaces follow the document. Lines deeper than the
 * cursor's line are re-scaled when the model's step differs from the document's (2-space output in
 * a 4-space file): the step is the smallest depth below the cursor's line, and a remainder beyond
 * whole steps (` * ` under `/**`) is kept as alignment. Lines not deeper keep their width.
 */
export const normalizeIndentation: PostprocessFilter = (suggestion, context) => {
  const lines = suggestion.split("\n");
  if (lines.length === 1) return suggestion;
  const { useTabs, size } = context.indentation;
  const anchor = indentWidth(context.linePrefix, size);
  const depths = lines
    .slice(1)
    .filter((line) => line.trim() !== "")
    .map((line) => indentWidth(line, size) - anchor)
    .filter((depth) => depth > 0);
  const step = depths.length > 0 ? Math.min(...depths) : size;
  const rescale = step !== size && MODEL_STEPS.has(step);

  const reindent = (line: string): string => {
    if (line.trim() === "") return "";
    const width = indentWidth(line, size);
    const depth = width - anchor;
    const columns = rescale && depth > 0 ? anchor + Math.floor(depth / step) * size + (depth % step) : width;
    const indent = useTabs ? "\t".repeat(Math.floor(columns / size)) + " ".repeat(columns % size) : " ".repeat(columns);
    return indent + line.trimStart();
  };
  return [lines[0]!, ...lines.slice(1).map(reindent)].join("\n");
};
