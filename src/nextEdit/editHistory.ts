// The user's recent edits per document, as line hunks (old lines -> new lines), coalesced by time
// and place: keystrokes on the same or neighbouring lines within a pause become one edit, as a
// person would describe it ("renamed the parameter"), not forty one-letter diffs. Bounded in
// every direction: hunks per document, documents, document size. Nothing here leaves the machine;
// it only feeds the prompt (sweepPrompt.ts).
import { MAX_DOCUMENT_CHARS, MAX_DIFF_BLOCKS } from "./sweepFormat";

export interface LineHunk {
  /** First line of the change, in the document as it was just before this hunk. */
  start: number;
  oldLines: string[];
  newLines: string[];
  /** When the hunk was last extended (ms). */
  at: number;
}

/** One content change as VS Code reports it: a range of the document before the change, 0-based. */
export interface TextChange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  text: string;
}

export interface EditHistoryOptions {
  maxHunks?: number;
  maxDocuments?: number;
  /** Edits closer in time than this (and touching) become one hunk. */
  coalesceMs?: number;
  /** After this long without an edit, a document's session (its original text) starts again. */
  sessionIdleMs?: number;
}

interface DocumentHistory {
  /** The text when the session started: what `original/` shows. */
  original: string[];
  /** The text now, kept up to date from the changes. */
  lines: string[];
  hunks: LineHunk[];
  lastEditAt: number;
  /** Length of the text now (newlines counted as one character). */
  chars: number;
}

export class EditHistory {
  private readonly documents = new Map<string, DocumentHistory>();
  private readonly maxHunks: number;
  private readonly maxDocuments: number;
  private readonly coalesceMs: number;
  private readonly sessionIdleMs: number;

  constructor(options: EditHistoryOptions = {}) {
    this.maxHunks = options.maxHunks ?? MAX_DIFF_BLOCKS;
    this.maxDocuments = options.maxDocuments ?? 20;
    this.coalesceMs = options.coalesceMs ?? 2000;
    this.sessionIdleMs = options.sessionIdleMs ?? 10 * 60_000;
  }

  /** Starts following a document (opened, shown) unless it is followed already or too large. */
  track(uri: string, text: string, now: number): void {
    const known = this.documents.get(uri);
    if (known && now - known.lastEditAt < this.sessionIdleMs) return;
    if (text.length > MAX_DOCUMENT_CHARS) {
      this.documents.delete(uri);
      return;
    }
    const lines = text.split(/\r?\n/);
    this.documents.delete(uri); // re-inserted last: the map's order is recency
    this.documents.set(uri, { original: lines, lines: [...lines], hunks: [], lastEditAt: now, chars: chars(lines) });
    while (this.documents.size > this.maxDocuments) this.documents.delete(this.documents.keys().next().value!);
  }

  /**
   * Applies one change to the followed text and records it. Changes of one VS Code event come in
   * descending document order, so applying them one by one in that order is exact.
   */
  applyChange(uri: string, change: TextChange, now: number): void {
    const doc = this.documents.get(uri);
    if (!doc) return;
    if (now - doc.lastEditAt >= this.sessionIdleMs) {
      doc.original = [...doc.lines]; // a new session
      doc.hunks = [];
    }
    const oldLines = doc.lines.slice(change.startLine, change.endLine + 1);
    if (oldLines.length !== change.endLine - change.startLine + 1) {
      this.documents.delete(uri); // out of step with the editor: start again on the next track()
      return;
    }
    const head = oldLines[0]!.slice(0, change.startCharacter);
    const tail = oldLines[oldLines.length - 1]!.slice(change.endCharacter);
    const newLines = (head + change.text + tail).split(/\r?\n/);
    doc.lines.splice(change.startLine, oldLines.length, ...newLines);
    doc.lastEditAt = now;
    doc.chars += chars(newLines) - chars(oldLines);
    if (doc.chars > MAX_DOCUMENT_CHARS) {
      this.documents.delete(uri);
      return;
    }
    this.push(doc, { start: change.startLine, oldLines, newLines, at: now });
  }

  /** Recent hunks of a document, oldest first. */
  hunks(uri: string): readonly LineHunk[] {
    return this.documents.get(uri)?.hunks ?? [];
  }

  /** The document's lines when its editing session started, if it is followed. */
  original(uri: string): readonly string[] | undefined {
    return this.documents.get(uri)?.original;
  }

  /** The followed text now (tests compare it with the editor's). */
  current(uri: string): readonly string[] | undefined {
    return this.documents.get(uri)?.lines;
  }

  forget(uri: string): void {
    this.documents.delete(uri);
  }

  private push(doc: DocumentHistory, hunk: LineHunk): void {
    const last = doc.hunks[doc.hunks.length - 1];
    const merged = last && hunk.at - last.at <= this.coalesceMs ? coalesce(last, hunk) : undefined;
    if (merged) doc.hunks.pop();
    const next = merged ?? hunk;
    if (!sameLines(next.oldLines, next.newLines)) doc.hunks.push(next);
    while (doc.hunks.length > this.maxHunks) doc.hunks.shift();
  }
}

/**
 * One hunk for A then B, when B touches the lines A produced; undefined otherwise. B's old lines
 * and A's new lines are both lines of the text between the two edits, so together they give
 * that text over the union of the two ranges.
 */
export function coalesce(a: LineHunk, b: LineHunk): LineHunk | undefined {
  const aEnd = a.start + a.newLines.length;
  const bEnd = b.start + b.oldLines.length;
  if (b.start > aEnd || bEnd < a.start) return undefined;
  const start = Math.min(a.start, b.start);
  const end = Math.max(aEnd, bEnd);
  const between = (line: number) => (line >= a.start && line < aEnd ? a.newLines[line - a.start]! : b.oldLines[line - b.start]!);
  const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => between(from + i));
  return {
    start,
    oldLines: [...range(start, a.start), ...a.oldLines, ...range(aEnd, end)],
    newLines: [...range(start, b.start), ...b.newLines, ...range(bEnd, end)],
    at: b.at,
  };
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

function chars(lines: readonly string[]): number {
  return lines.reduce((sum, line) => sum + line.length + 1, 0) - 1;
}
