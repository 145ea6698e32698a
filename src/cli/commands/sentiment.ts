// `local-slm sentiment [FILE|-] [--per-line]`: positive, negative or neutral with each label's
// share, for the whole text or for each non-blank line.
import { percent } from "../../shared/percent";
import { classifyLines, classifySentiment, type Sentiment } from "../../text/sentiment";
import { serverOptions, withBackend } from "../serverSession";
import { parse } from "../options";
import { printResult } from "../output";
import { readTextInput } from "../readInput";

export async function sentimentCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { "per-line": { type: "boolean", default: false }, ...serverOptions }, true);
  const text = await readTextInput(positionals[0], "classify");
  const abort = new AbortController();
  process.once("SIGINT", () => abort.abort());
  await withBackend(values, async (engine) => {
    if (!values["per-line"]) {
      const result = await classifySentiment(engine, text, { signal: abort.signal });
      printResult(values.json, { ...result }, values.json ? undefined : describe(result));
      return;
    }
    const result = await classifyLines(engine, text, {
      signal: abort.signal,
      onProgress: (done, total) => !values.json && done % 25 === 0 && process.stderr.write(`[${done} of ${total} lines]\n`),
    });
    if (values.json) {
      printResult(true, { ...result });
      return;
    }
    for (const item of result.items) process.stdout.write(`${String(item.line).padStart(6)}  ${describe(item).padEnd(20)}  ${item.text}\n`);
    process.stdout.write(`totals: ${Object.entries(result.totals).map(([label, n]) => `${label} ${n}`).join(", ")}; ${result.skippedBlankLines} blank line${result.skippedBlankLines === 1 ? "" : "s"} skipped\n`);
  });
}

function describe(result: Sentiment): string {
  return `${result.label} ${percent(result.confidence)}`;
}
