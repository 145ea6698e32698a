// `local-slm summarize [FILE|-] [--words N]`: the same summarizer as the editor's command.
import { summarizeText } from "../../text/summarize";
import { SUMMARY_PRESETS } from "../../text/summaryPrompt";
import { serverOptions, withBackend } from "../serverSession";
import { intOption, parse } from "../options";
import { printResult } from "../output";
import { readTextInput } from "../readInput";

export async function summarizeCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { words: { type: "string" }, quiet: { type: "boolean", default: false }, ...serverOptions }, true);
  const words = intOption("words", values.words, SUMMARY_PRESETS.medium, 10);
  const text = await readTextInput(positionals[0], "summarize");
  const abort = new AbortController();
  process.once("SIGINT", () => abort.abort());
  const result = await withBackend(values, (engine) =>
    summarizeText(engine, text, {
      words,
      signal: abort.signal,
      // Progress on stderr (stdout holds the summary or the JSON) unless --quiet.
      onProgress: ({ stage, index, total }) => !values.quiet && process.stderr.write(`${stage === "part" ? "part" : "combining"} ${index} of ${total}\n`),
      onDelta: values.json ? undefined : (delta) => process.stdout.write(delta),
    }),
  );
  if (values.json) printResult(true, { text: result.text, parts: result.parts, ...result.timings });
  else process.stdout.write("\n");
}
