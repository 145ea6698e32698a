// Edits given as data (`local-slm next-edit --edits`, the next-edit benchmark): 1-based positions,
// each in the text as it is when the edit is made, applied in order to a file and to its history.
import { EditHistory } from "./editHistory";

export interface ReplayedEdit {
  startLine: number;
  startColumn: number;
  endLine?: number;
  endColumn?: number;
  text: string;
}

/** Parses --edits JSON; a one-line message says what is wrong. */
export function parseReplayedEdits(json: string): ReplayedEdit[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`the edits are not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) throw new Error('the edits must be a JSON array of {"startLine", "startColumn", "endLine", "endColumn", "text"} (1-based)');
  return value.map((e, i) => {
    const edit = e as Partial<ReplayedEdit>;
    const int = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 1;
    if (!int(edit.startLine) || !int(edit.startColumn) || typeof edit.text !== "string" || (edit.endLine !== undefined && !int(edit.endLine)) || (edit.endColumn !== undefined && !int(edit.endColumn))) {
      throw new Error(`edit ${i + 1} needs startLine and startColumn (integers from 1), optional endLine/endColumn, and text (a string)`);
    }
    return edit as ReplayedEdit;
  });
}

/** Applies the edits to text, recording them in history under uri (timestamps 1 s apart unless given). */
export function replayEdits(history: EditHistory, uri: string, text: string, edits: readonly ReplayedEdit[], startAt = 0, gapMs = 1000): string {
  history.track(uri, text, startAt);
  const lines = text.split(/\r?\n/);
  edits.forEach((edit, i) => {
    const startLine = edit.startLine - 1;
    const endLine = (edit.endLine ?? edit.startLine) - 1;
    const startCharacter = edit.startColumn - 1;
    const endCharacter = (edit.endColumn ?? edit.startColumn) - 1;
    if (endLine >= lines.length || endLine < startLine || (endLine === startLine && endCharacter < startCharacter) || startCharacter > lines[startLine]!.length || endCharacter > lines[endLine]!.length) {
      throw new Error(`edit ${i + 1} (line ${edit.startLine}, column ${edit.startColumn}) is outside the text`);
    }
    const merged = lines[startLine]!.slice(0, startCharacter) + edit.text + lines[endLine]!.slice(endCharacter);
    lines.splice(startLine, endLine - startLine + 1, ...merged.split(/\r?\n/));
    history.applyChange(uri, { startLine, startCharacter, endLine, endCharacter, text: edit.text }, startAt + (i + 1) * gapMs);
  });
  return lines.join("\n");
}
