// `local-slm prompt`: "what exactly is sent to my model?" The completion session runs as for
// `complete` (same window, mode and limits), but the infill request is only described: the exact
// tokens (id, text, special), the rendered text and the tokens that end generation.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { InfillEngine } from "../../completion/completionPipeline";
import { createCompletionSession } from "../../completion/completionSession";
import { linesFromText } from "../../completion/context/documentLines";
import { languageIdForPath } from "../../shared/languages";
import type { InfillParams, PromptDescription } from "../../protocol/types";
import { CliError } from "../cliError";
import { withEngine } from "../engineSession";
import { intOption, parse } from "../options";
import { printResult } from "../output";

export async function promptCommand(args: string[]): Promise<void> {
  const { values } = parse(args, {
    file: { type: "string" },
    line: { type: "string" },
    column: { type: "string" },
    language: { type: "string" },
  });
  if (!values.file) throw new CliError("prompt needs --file F --line L --column C (1-based).");
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

  const description = await withEngine(values, async (engine) => {
    let described: { params: InfillParams; prompt: PromptDescription } | undefined;
    const describing: InfillEngine = {
      infill: async (params) => {
        described = { params, prompt: await engine.describePrompt(params) };
        return { text: "", stopReason: "maxTokens", timings: { promptTokens: 0, promptTokensEvaluated: 0, promptTokensReused: 0, generatedTokens: 0, promptMs: 0, generationMs: 0, totalMs: 0 } };
      },
    };
    const outcome = await createCompletionSession(describing).request({ doc, position: { line, character }, documentKey: path }, undefined, { immediate: true });
    if (!described) throw new CliError(`No prompt would be sent at line ${line + 1}, column ${character + 1}: ${outcome.reason ?? "no suggestion needed here"}.`);
    return described;
  });
  const { prompt, params } = description;
  if (values.json) {
    printResult(true, { ...prompt, maxTokens: params.maxTokens, ...(params.stop ? { stopStrings: params.stop } : {}) });
    return;
  }
  if (prompt.warning) process.stderr.write(`warning: ${prompt.warning}\n`);
  process.stdout.write(`${prompt.familyLabel} prompt, ${prompt.tokens.length} tokens:\n${prompt.text}\n`);
  process.stdout.write(`--- tokens (* special)\n${prompt.tokens.map((t) => `${t.id}\t${t.special ? `${t.text}*` : JSON.stringify(t.text)}`).join("\n")}\n`);
  process.stdout.write(`--- stops: ${prompt.stopTokens.map((t) => `${t.id} ${t.text}`).join(", ")}${params.stop?.length ? `; strings ${JSON.stringify(params.stop)}` : ""}\n`);
}
