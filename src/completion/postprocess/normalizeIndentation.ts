import { indentWidth } from "../generation/scopeWatcher";
import type { PostprocessFilter } from "../types";

/** Continuation lines use the document's indentation style: tabs or spaces, its width. */
export const normalizeIndentation: PostprocessFilter = (suggestion, context) => {
  const lines = suggestion.split("\n");
  if (lines.length === 1) return suggestion;
  const { useTabs, size } = context.indentation;
  const modelStep = detectStep(lines.slice(1));
  return [
    lines[0]!,
    ...lines.slice(1).map((line) => {
      if (line.trim() === "") return "";
      const levels = Math.round(indentWidth(line, size) / modelStep);
      const extra = indentWidth(line, size) % modelStep;
      const indent = useTabs ? "\t".repeat(levels) + " ".repeat(extra) : " ".repeat(levels * size + extra);
      return indent + line.trimStart();
    }),
  ].join("\n");
};

/** The model's own indentation step: tabs count as one level, else the smallest space indent. */
function detectStep(lines: string[]): number {
  let step = Infinity;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const lead = /^[ ]*/.exec(line)![0].length;
    if (lead > 0) step = Math.min(step, lead);
  }
  return step === Infinity || step > 8 ? 4 : step;
}
