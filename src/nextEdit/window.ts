// The 21-line window around the cursor (sweepFormat.ts), bounded: a minified line (longer than
// MAX_LINE_CHARS) is never sent, the window stops before it, and a cursor on such a line gets no
// window at all. Reads lines one by one, so a 100,000-line file is never copied.
import type { DocumentLines } from "../completion/context/documentLines";
import { MAX_LINE_CHARS, WINDOW_LINES_ABOVE, WINDOW_LINES_BELOW } from "./sweepFormat";

export interface EditWindow {
  /** First document line of the window (0-based). */
  start: number;
  /** The window's lines: document lines start .. start + lines.length - 1. */
  lines: string[];
}

export function windowAround(doc: DocumentLines, cursorLine: number): EditWindow | undefined {
  if (cursorLine < 0 || cursorLine >= doc.lineCount) return undefined;
  if (doc.lineAt(cursorLine).length > MAX_LINE_CHARS) return undefined;
  let start = cursorLine;
  while (start > 0 && cursorLine - start < WINDOW_LINES_ABOVE && doc.lineAt(start - 1).length <= MAX_LINE_CHARS) start--;
  let end = cursorLine + 1;
  while (end < doc.lineCount && end - cursorLine - 1 < WINDOW_LINES_BELOW && doc.lineAt(end).length <= MAX_LINE_CHARS) end++;
  const lines: string[] = [];
  for (let line = start; line < end; line++) lines.push(doc.lineAt(line));
  return { start, lines };
}

/**
 * The cursor's line in the session's original text: lines before the first change keep their
 * number, lines after the last change shift by the change in length, lines inside map
 * proportionally (the mapping sweep.ts extractOriginalWindow describes).
 */
export function originalCursorLine(original: readonly string[], current: DocumentLines, cursorLine: number): number {
  let first = 0;
  const common = Math.min(original.length, current.lineCount);
  while (first < common && original[first] === current.lineAt(first)) first++;
  let origEnd = original.length - 1;
  let currEnd = current.lineCount - 1;
  while (origEnd >= first && currEnd >= first && original[origEnd] === current.lineAt(currEnd)) {
    origEnd--;
    currEnd--;
  }
  let mapped: number;
  if (cursorLine < first) mapped = cursorLine;
  else if (cursorLine > currEnd) mapped = cursorLine - (currEnd - origEnd);
  else {
    const origLen = origEnd - first + 1;
    const currLen = currEnd - first + 1;
    mapped = origLen > 0 && currLen > 0 ? first + Math.min(Math.round(((cursorLine - first) * origLen) / currLen), origLen - 1) : first;
  }
  return Math.max(0, Math.min(mapped, original.length - 1));
}
