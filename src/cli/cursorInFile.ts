// The file and 1-based cursor position that `complete` and `prompt` take, read and checked once:
// a missing file, or a line or column past the end, is one line naming what to change.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { DocumentLines, Position } from "../completion/context/documentLines";
import { linesFromText } from "../completion/context/documentLines";
import { languageIdForPath } from "../shared/languages";
import { CliError } from "./cliError";
import { intOption, type OptionSpec } from "./options";

export const cursorOptions = {
  file: { type: "string" },
  line: { type: "string" },
  column: { type: "string" },
  language: { type: "string" },
} satisfies OptionSpec;

export async function readCursorInFile(command: string, values: { file?: string; line?: string; column?: string; language?: string }): Promise<{ path: string; doc: DocumentLines; position: Position }> {
  if (!values.file) throw new CliError(`${command} needs --file F --line L --column C (1-based).`);
  const path = resolve(values.file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CliError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}.`);
  }
  const doc = linesFromText(text, values.language ?? languageIdForPath(path));
  const line = intOption("line", values.line, 1, 1) - 1;
  const character = intOption("column", values.column, 1, 1) - 1;
  if (line >= doc.lineCount) throw new CliError(`--line ${line + 1} is past the end of ${path} (${doc.lineCount} lines).`);
  if (character > doc.lineAt(line).length) throw new CliError(`--column ${character + 1} is past the end of line ${line + 1} (${doc.lineAt(line).length + 1} columns).`);
  return { path, doc, position: { line, character } };
}
