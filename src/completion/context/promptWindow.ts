// Chooses the prefix and suffix sent to the model. The KV cache keeps the longest common token
// prefix from one request to the next, so the window's start must not move on every keystroke:
// it is cut at a line that moves in steps of many lines (and, for very long lines, at a character
// offset that moves in large steps). The suffix is evaluated again on every keystroke (it comes
// after the edit in the prompt), so it is kept short. Measured on the 0.5B shape: an 800-char
// suffix cost 180 evaluated tokens per keystroke, a 200-char one 42.
import type { DocumentLines, Position } from "./documentLines";

export interface WindowOptions {
  /** Most lines before the cursor's line. */
  prefixLines: number;
  /** The start line moves in steps of this many lines. */
  prefixLineStep: number;
  /** Most characters of prefix (minified files, very long lines). */
  prefixChars: number;
  /** The character cut moves in steps of this many characters. */
  prefixCharStep: number;
  /** Most lines after the cursor's line. */
  suffixLines: number;
  /** Most characters of suffix. */
  suffixChars: number;
}

export const DEFAULT_WINDOW: WindowOptions = {
  prefixLines: 160,
  prefixLineStep: 32,
  prefixChars: 6000,
  prefixCharStep: 1024,
  suffixLines: 4,
  suffixChars: 160,
};

export interface PromptWindow {
  prefix: string;
  suffix: string;
  /** The cursor's line before and after the cursor (never cut). */
  linePrefix: string;
  lineSuffix: string;
  /** First document line in the prefix. */
  startLine: number;
}

export function buildPromptWindow(doc: DocumentLines, cursor: Position, options: WindowOptions = DEFAULT_WINDOW): PromptWindow {
  const line = doc.lineAt(cursor.line);
  const linePrefix = line.slice(0, cursor.character);
  const lineSuffix = line.slice(cursor.character);

  const startLine = stableStartLine(cursor.line, options);
  const above: string[] = [];
  let chars = linePrefix.length;
  for (let l = cursor.line - 1; l >= startLine && chars < options.prefixChars * 2; l--) {
    const text = doc.lineAt(l);
    above.push(text);
    chars += text.length + 1;
  }
  above.reverse();
  let prefix = above.length > 0 ? `${above.join("\n")}\n${linePrefix}` : linePrefix;
  if (prefix.length > options.prefixChars) prefix = cutPrefixByChars(prefix, options);

  const below: string[] = [lineSuffix];
  let suffixLength = lineSuffix.length;
  for (let l = cursor.line + 1; l < doc.lineCount && below.length <= options.suffixLines && suffixLength < options.suffixChars; l++) {
    const text = doc.lineAt(l);
    below.push(text);
    suffixLength += text.length + 1;
  }
  let suffix = below.join("\n");
  if (suffix.length > options.suffixChars) suffix = cutAtLineEnd(suffix, options.suffixChars);
  return { prefix, suffix, linePrefix, lineSuffix, startLine };
}

/** The first line of the window: moves only when the cursor crosses a multiple of the step. */
export function stableStartLine(cursorLine: number, options: Pick<WindowOptions, "prefixLines" | "prefixLineStep">): number {
  const earliest = cursorLine - options.prefixLines;
  if (earliest <= 0) return 0;
  return Math.ceil(earliest / options.prefixLineStep) * options.prefixLineStep;
}

/**
 * Keeps at most prefixChars characters, cut at a position that only changes every prefixCharStep
 * characters of growth: measured from the end, the cut would slide with each typed character.
 */
function cutPrefixByChars(prefix: string, options: WindowOptions): string {
  const excess = prefix.length - options.prefixChars;
  const cut = Math.ceil(excess / options.prefixCharStep) * options.prefixCharStep;
  const newline = prefix.indexOf("\n", cut);
  // Prefer starting on a line boundary when one is near the cut.
  const start = newline !== -1 && newline - cut < options.prefixCharStep ? newline + 1 : cut;
  return prefix.slice(Math.min(start, prefix.length));
}

function cutAtLineEnd(suffix: string, maxChars: number): string {
  const head = suffix.slice(0, maxChars);
  const lastNewline = head.lastIndexOf("\n");
  return lastNewline > 0 ? head.slice(0, lastNewline) : head;
}
