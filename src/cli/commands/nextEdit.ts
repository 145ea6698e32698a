// `local-slm next-edit`: the edits a next-edit model proposes at a position, through the same
// request the editor makes (src/nextEdit): Sweep's prompt from the file, the recent edits and
// the window around the cursor; the answer diffed into edits. Positions in and out are 1-based.
import { readFile } from "node:fs/promises";
import { basename, relative, resolve } from "node:path";
import { linesFromText } from "../../completion/context/documentLines";
import { EditHistory } from "../../nextEdit/editHistory";
import { proposeNextEdit } from "../../nextEdit/nextEditRequest";
import { parseReplayedEdits, replayEdits } from "../../nextEdit/replayEdits";
import type { ProposedEdit } from "../../nextEdit/responseEdits";
import { renderSweepPrompt } from "../../nextEdit/sweepPrompt";
import { languageIdForPath } from "../../shared/languages";
import { CliError } from "../cliError";
import { withEngine } from "../engineSession";
import { intOption, parse } from "../options";
import { printResult } from "../output";

export async function nextEditCommand(args: string[]): Promise<void> {
  const { values } = parse(args, {
    file: { type: "string" },
    line: { type: "string" },
    column: { type: "string" },
    edits: { type: "string" },
    "show-prompt": { type: "boolean" },
  });
  if (!values.file) throw new CliError("next-edit needs --file F --line L --column C (1-based) and optionally --edits EDITS.json.");
  const path = resolve(values.file);
  const original = await readText(path);
  const history = new EditHistory();
  const filePath = relative(process.cwd(), path).startsWith("..") ? basename(path) : relative(process.cwd(), path);
  let text = original;
  if (values.edits) {
    const editsPath = resolve(values.edits);
    try {
      text = replayEdits(history, filePath, original, parseReplayedEdits(await readText(editsPath)));
    } catch (error) {
      throw new CliError(`${editsPath}: ${(error as Error).message}.`);
    }
  } else history.track(filePath, original, 0);
  const doc = linesFromText(text, languageIdForPath(path));
  const line = intOption("line", values.line, 1, 1) - 1;
  const character = intOption("column", values.column, 1, 1) - 1;
  if (line >= doc.lineCount) throw new CliError(`--line ${line + 1} is past the end of the ${values.edits ? "edited " : ""}text (${doc.lineCount} lines).`);
  if (character > doc.lineAt(line).length) throw new CliError(`--column ${character + 1} is past the end of line ${line + 1} (${doc.lineAt(line).length + 1} columns).`);

  const outcome = await withEngine(
    values,
    (engine) => proposeNextEdit(engine, { filePath, doc, cursor: { line, character }, hunks: history.hunks(filePath), original: history.original(filePath) }),
    { nextEditSequence: true },
  );
  const edits = outcome.kind === "edits" ? outcome.edits.map(oneBased) : [];
  const result = {
    edits,
    ...(outcome.kind === "rejected" ? { rejected: outcome.reason, reason: outcome.detail } : {}),
    ...(outcome.kind === "noWindow" ? { rejected: "noWindow", reason: outcome.detail } : {}),
    ...("timings" in outcome ? { timings: outcome.timings } : {}),
    ...(values["show-prompt"] && "sections" in outcome ? { prompt: renderSweepPrompt(outcome.sections) } : {}),
  };
  if (values.json) printResult(true, result);
  else if (edits.length === 0) process.stderr.write(`(no edit${"reason" in result ? `: ${result.reason}` : ""})\n`);
  else for (const e of edits) process.stdout.write(`${e.startLine}:${e.startColumn}-${e.endLine}:${e.endColumn} ${JSON.stringify(e.newText)}\n`);
}

function oneBased(e: ProposedEdit): ProposedEdit {
  return { startLine: e.startLine + 1, startColumn: e.startColumn + 1, endLine: e.endLine + 1, endColumn: e.endColumn + 1, newText: e.newText };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new CliError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}.`);
  }
}
