// `local-slm prompt`: "what exactly is sent to my model?" The completion session runs as for
// `complete` (same window, mode and limits), but the infill request is only described: the exact
// tokens (id, text, special), the rendered text and the tokens that end generation.
import type { InfillEngine } from "../../completion/completionPipeline";
import { createCompletionSession } from "../../completion/completionSession";
import type { InfillParams, PromptDescription } from "../../protocol/types";
import { CliError } from "../cliError";
import { cursorOptions, readCursorInFile } from "../cursorInFile";
import { withEngine } from "../engineSession";
import { parse } from "../options";
import { printResult } from "../output";

export async function promptCommand(args: string[]): Promise<void> {
  const { values } = parse(args, { ...cursorOptions });
  const { path, doc, position } = await readCursorInFile("prompt", values);

  const description = await withEngine(values, async (engine) => {
    let described: { params: InfillParams; prompt: PromptDescription } | undefined;
    const describing: InfillEngine = {
      infill: async (params) => {
        described = { params, prompt: await engine.describePrompt(params) };
        return { text: "", stopReason: "maxTokens", timings: { promptTokens: 0, promptTokensEvaluated: 0, promptTokensReused: 0, generatedTokens: 0, promptMs: 0, generationMs: 0, totalMs: 0 } };
      },
    };
    const outcome = await createCompletionSession(describing).request({ doc, position, documentKey: path }, undefined, { immediate: true });
    if (!described) throw new CliError(`No prompt would be sent at line ${position.line + 1}, column ${position.character + 1}: ${outcome.reason ?? "no suggestion needed here"}.`);
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
