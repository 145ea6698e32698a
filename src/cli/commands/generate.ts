import { CliError } from "../cliError";
import { serverOptions, withBackend } from "../serverSession";
import { intOption, numberOption, parse } from "../options";
import { printResult } from "../output";

export async function generateCommand(args: string[]): Promise<void> {
  const { values } = parse(args, {
    prompt: { type: "string" },
    "max-tokens": { type: "string" },
    temperature: { type: "string" },
    seed: { type: "string" },
    ...serverOptions,
  });
  if (values.prompt === undefined) throw new CliError("generate needs --prompt TEXT.");
  const maxTokens = intOption("max-tokens", values["max-tokens"], 128, 1);
  const temperature = numberOption("temperature", values.temperature, 0);
  const seed = values.seed === undefined ? undefined : intOption("seed", values.seed, 0);
  const abort = new AbortController();
  process.once("SIGINT", () => abort.abort());

  const result = await withBackend(values, (engine) =>
    engine.generate(
      { prompt: values.prompt!, maxTokens, temperature, seed },
      // Without --json, stream the text as it is generated.
      { signal: abort.signal, onPartialText: values.json ? undefined : (delta) => process.stdout.write(delta) },
    ),
  );
  if (values.json) {
    printResult(true, { text: result.text, stopReason: result.stopReason, ...result.timings });
  } else {
    const t = result.timings;
    process.stdout.write("\n");
    process.stderr.write(
      `[${t.generatedTokens} tokens, prompt ${t.promptTokensEvaluated} evaluated + ${t.promptTokensReused} reused in ${t.promptMs} ms, generation ${t.generationMs} ms, ${result.stopReason}]\n`,
    );
  }
}
