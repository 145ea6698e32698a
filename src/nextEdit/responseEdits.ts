// The model's updated window -> edits in the document. The answer is diffed line by line against
// the window that was sent; each changed run of lines becomes one edit, narrowed to the characters
// that differ, so a renamed identifier is a few characters wide, not a whole line. An answer that
// was cut (no end token), runs on far past the window (a repeat), or changes most of the window (a
// rewrite) gives no edit at all: a small model's wrong guesses must not reach the editor.
import { diffLines } from "./lineDiff";

export interface ProposedEdit {
  /** 0-based; end exclusive, as a VS Code Range. */
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

export type Rejection = "cut" | "empty" | "repeats" | "rewrite";

export type ParsedAnswer = { edits: ProposedEdit[]; rejected?: undefined } | { edits: []; rejected: Rejection; detail: string };

export interface AnswerInput {
  /** The generated text after "updated/{file}". */
  text: string;
  /** True when generation ended on an end token (not the token limit or an abort). */
  complete: boolean;
  /** The window sent as current/ and where it starts in the document. */
  window: readonly string[];
  windowStart: number;
}

/** More lines than the window plus this: the answer repeats or runs on. */
const MAX_EXTRA_LINES = 10;

export function editsFromAnswer(input: AnswerInput): ParsedAnswer {
  if (!input.complete) return reject("cut", "the answer ended at the token limit before the window was complete");
  let text = input.text.startsWith("\r\n") ? input.text.slice(2) : input.text.startsWith("\n") ? input.text.slice(1) : input.text;
  text = text.replace(/\r\n/g, "\n");
  const answer = dropTrailingBlank(text.split("\n"));
  const window = dropTrailingBlank([...input.window]);
  if (answer.length === 0) return reject("empty", "the answer has no lines");
  if (answer.length > window.length + MAX_EXTRA_LINES) return reject("repeats", `the answer has ${answer.length} lines for a ${window.length}-line window`);
  const { changes, unchanged } = diffLines(window, answer);
  if (window.length >= 4 && unchanged * 2 < window.length) return reject("rewrite", `the answer keeps ${unchanged} of ${window.length} lines`);

  const edits: ProposedEdit[] = [];
  for (const change of changes) {
    const old = window.slice(change.oldStart, change.oldEnd);
    if (onlyTrailingWhitespace(old, change.newLines)) continue; // models drop trailing spaces
    const edit = narrowedEdit(window, change.oldStart, change.oldEnd, change.newLines);
    if (edit) edits.push(shift(edit, input.windowStart));
  }
  return { edits };
}

/** Is the edit a pure insertion at this position (shown as ghost text there)? */
export function isInsertionAt(edit: ProposedEdit, line: number, column: number): boolean {
  return edit.startLine === line && edit.endLine === line && edit.startColumn === column && edit.endColumn === column;
}

/** The edit to show first: the first at or after the cursor, else the nearest above. */
export function editToShow(edits: readonly ProposedEdit[], cursorLine: number): ProposedEdit | undefined {
  return edits.find((e) => e.endLine >= cursorLine) ?? edits[edits.length - 1];
}

/**
 * Lines [oldStart, oldEnd) of the window replaced by newLines, as the smallest character range.
 * A line insertion becomes a newline and the line inserted at the end of the line before (or
 * before the first line); a line deletion, a range across the line break.
 */
function narrowedEdit(window: readonly string[], oldStart: number, oldEnd: number, newLines: readonly string[]): ProposedEdit | undefined {
  let from = oldStart;
  let to = oldEnd;
  // Inserted or deleted whole lines: take in a neighbouring line, so the line break is part of the edit.
  if (from === to || newLines.length === 0) {
    if (from > 0) from--;
    else if (to < window.length) to++;
  }
  const oldText = window.slice(from, to).join("\n");
  const newText = [...window.slice(from, oldStart), ...newLines, ...window.slice(oldEnd, to)].join("\n");
  let prefix = 0;
  const max = Math.min(oldText.length, newText.length);
  while (prefix < max && oldText[prefix] === newText[prefix]) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && oldText[oldText.length - 1 - suffix] === newText[newText.length - 1 - suffix]) suffix++;
  if (prefix === oldText.length && prefix === newText.length) return undefined;
  const start = positionIn(oldText, prefix);
  const end = positionIn(oldText, oldText.length - suffix);
  return {
    startLine: from + start.line,
    startColumn: start.column,
    endLine: from + end.line,
    endColumn: end.column,
    newText: newText.slice(prefix, newText.length - suffix),
  };
}

function positionIn(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart };
}

function shift(edit: ProposedEdit, lines: number): ProposedEdit {
  return { ...edit, startLine: edit.startLine + lines, endLine: edit.endLine + lines };
}

function onlyTrailingWhitespace(old: readonly string[], next: readonly string[]): boolean {
  return old.length === next.length && old.every((line, i) => line.trimEnd() === next[i]!.trimEnd());
}

function dropTrailingBlank(lines: string[]): string[] {
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  return lines;
}

function reject(rejected: Rejection, detail: string): ParsedAnswer {
  return { edits: [], rejected, detail };
}
