// `local-slm complete`: the suggestion the editor would show at a position, through the session
// the editor creates (window, mode, generation limits, streaming, post-processing), asked for at
// once as with the manual trigger (no debounce).
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createCompletionSession } from "../../completion/completionSession";
import { linesFromText } from "../../completion/context/documentLines";
import { languageIdForPath } from "../../shared/languages";
import { CliError } from "../cliError";
import { serverOptions, withBackend } from "../serverSession";
import { intOption, parse } from "../options";
import { printResult } from "../output";

export async function completeCommand(args: string[]): Promise<void> {
  const { values } = parse(args, {
    file: { type: "string" },
    line: { type: "string" },
    column: { type: "string" },
    language: { type: "string" },
    ...serverOptions,
  });
  if (!values.file) throw new CliError("complete needs --file F --line L --column C (1-based).");
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

  const outcome = await withBackend(values, async (engine) => {
    const first = await createCompletionSession(engine).request({ doc, position: { line, character }, documentKey: path }, undefined, { immediate: true });
    // The whole suggestion: the editor shows a multi-line one's first line sooner, then this.
    return first.rest ? await first.rest : first;
  });
  const timings = outcome.timings ?? { promptTokens: 0, promptTokensEvaluated: 0, promptTokensReused: 0, generatedTokens: 0, promptMs: 0, generationMs: 0, totalMs: 0 };
  if (values.json) printResult(true, { status: outcome.status, text: outcome.text, ...(outcome.reason ? { reason: outcome.reason } : {}), ...timings });
  else if (outcome.text === "") process.stderr.write(`(no suggestion: ${outcome.reason})\n`);
  else process.stdout.write(`${outcome.text}\n`);
}
