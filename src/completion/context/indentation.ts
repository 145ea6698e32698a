import type { Indentation } from "../types";
import type { DocumentLines, Position } from "./documentLines";

/**
 * The document's indentation style from the lines around the cursor (the editor's own setting is
 * used when known): tabs when most indented lines start with a tab, else the most common step
 * between consecutive indentation levels.
 */
export function detectIndentation(doc: DocumentLines, around: Position, window = 200): Indentation {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  const first = Math.max(0, around.line - window);
  const last = Math.min(doc.lineCount - 1, around.line + window);
  for (let l = first; l <= last; l++) {
    const text = doc.lineAt(l);
    if (text.trim() === "") continue;
    const lead = /^[ \t]*/.exec(text)![0];
    if (lead.startsWith("\t")) tabs++;
    else if (lead.length > 0) spaces++;
    const width = lead.replace(/\t/g, "    ").length;
    const step = Math.abs(width - previous);
    if (step > 0 && step <= 8 && !lead.startsWith("\t")) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = width;
  }
  if (tabs > spaces) return { useTabs: true, size: 4 };
  let best = 4;
  let bestCount = 0;
  for (const [step, count] of steps) {
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  return { useTabs: false, size: bestCount > 0 ? best : 4 };
}
