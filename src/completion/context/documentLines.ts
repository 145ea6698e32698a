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
