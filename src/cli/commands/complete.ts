// `local-slm complete`: the suggestion the editor would show at a position, through the session
// the editor creates (window, mode, generation limits, streaming, post-processing), asked for at
// once as with the manual trigger (no debounce).
import { createCompletionSession } from "../../completion/completionSession";
import { cursorOptions, readCursorInFile } from "../cursorInFile";
import { serverOptions, withBackend } from "../serverSession";
import { parse } from "../options";
import { printResult } from "../output";

export async function completeCommand(args: string[]): Promise<void> {
  const { values } = parse(args, { ...cursorOptions,...serverOptions, });
  const { path, doc, position } = await readCursorInFile("complete", values);

  const outcome = await withBackend(values, async (engine) => {
    const first = await createCompletionSession(engine).request({ doc, position, documentKey: path }, undefined, { immediate: true });
    // The whole suggestion: the editor shows a multi-line one's first line sooner, then this.
    return first.rest ? await first.rest : first;
  });
  const timings = outcome.timings ?? { promptTokens: 0, promptTokensEvaluated: 0, promptTokensReused: 0, generatedTokens: 0, promptMs: 0, generationMs: 0, totalMs: 0 };
  if (values.json) printResult(true, { status: outcome.status, text: outcome.text, ...(outcome.reason ? { reason: outcome.reason } : {}), ...timings });
  else if (outcome.text === "") process.stderr.write(`(no suggestion: ${outcome.reason})\n`);
  else process.stdout.write(`${outcome.text}\n`);
}
