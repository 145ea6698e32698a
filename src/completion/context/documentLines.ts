/**
 * Read access to a document by lines, so that a 100,000-line file is never copied whole on a
 * keystroke: the VS Code adapter reads lines from the TextDocument, the CLI from a string.
 */
export interface DocumentLines {
  readonly lineCount: number;
  lineAt(line: number): string;
  readonly languageId: string;
}

/** 0-based position. */
export interface Position {
  line: number;
  character: number;
}

export function linesFromText(text: string, languageId: string): DocumentLines {
  const lines = text.split(/\r?\n/);
  return { lineCount: lines.length, lineAt: (line) => lines[line] ?? "", languageId };
}

/**
 * The document as it is after `text` is inserted at `at` (a suggestion accepted with Tab), and
 * where the cursor then is. Lines are read through to `doc`, so nothing is copied.
 */
export function withInsertion(doc: DocumentLines, at: Position, text: string): { doc: DocumentLines; position: Position } {
  const inserted = text.split(/\r?\n/);
  const line = doc.lineAt(at.line);
  const head = line.slice(0, at.character);
  const tail = line.slice(at.character);
  const added = inserted.length - 1;
  const last = inserted.length === 1 ? head + inserted[0]! : inserted[added]!;
  const lineAt = (n: number): string => {
    if (n < at.line) return doc.lineAt(n);
    if (n > at.line + added) return doc.lineAt(n - added);
    const i = n - at.line;
    if (i === added) return last + tail;
    return i === 0 ? head + inserted[0]! : inserted[i]!;
  };
  return { doc: { lineCount: doc.lineCount + added, lineAt, languageId: doc.languageId }, position: { line: at.line + added, character: last.length } };
}
