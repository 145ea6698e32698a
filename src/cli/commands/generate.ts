import { checkSampling } from "../../text/textCommands/sampling";
import { CliError } from "../cliError";
import { serverOptions, withBackend } from "../serverSession";
import { intOption, numberOption, parse } from "../options";
import { printResult } from "../output";

export async function generateCommand(args: string[]): Promise<void> {
  const { values } = parse(args, {
    prompt: { type: "string" },
    "max-tokens": { type: "string" },
    temperature: { type: "string" },
    "top-p": { type: "string" },
    "top-k": { type: "string" },
    seed: { type: "string" },
    /** Send the prompt as a user message through the model's chat template. */
    chat: { type: "boolean", default: false },
    system: { type: "string" },
    ...serverOptions,
  });
  if (values.prompt === undefined) throw new CliError("generate needs --prompt TEXT.");
  if (values.system !== undefined && !values.chat) throw new CliError("--system needs --chat (a system message is part of the chat template).");
  const maxTokens = intOption("max-tokens", values["max-tokens"], 128, 1);
  // The same ranges as the editor's text commands; on the command line a bad value is an error.
  const raw = {
    temperature: numberOption("temperature", values.temperature, 0),
    topP: numberOption("top-p", values["top-p"], undefined),
    topK: values["top-k"] === undefined ? undefined : intOption("top-k", values["top-k"], 0, 1),
  };
  const checked = checkSampling(raw, "generate", { temperature: 0, topP: 1, maxTokens });
  if (checked.problems.length > 0) throw new CliError(checked.problems[0]!.replace(/^generate: (\w+)/, (_, name: string) => `--${flagName(name)}`).replace(/; using .*$/, "."));
  const { temperature, topK } = checked.sampling;
  const topP = raw.topP;
  const seed = values.seed === undefined ? undefined : intOption("seed", values.seed, 0);
  const sampling = { maxTokens, temperature, seed, ...(topP === undefined ? {} : { topP }), ...(topK === undefined ? {} : { topK }) };
  const abort = new AbortController();
  process.once("SIGINT", () => abort.abort());
  // Without --json, stream the text as it is generated.
  const request = { signal: abort.signal, onPartialText: values.json ? undefined : (delta: string) => process.stdout.write(delta) };

  const result = await withBackend(values, async (engine) => {
    if (!values.chat) return engine.generate({ prompt: values.prompt!, ...sampling }, request);
    const messages = [...(values.system ? [{ role: "system" as const, content: values.system }] : []), { role: "user" as const, content: values.prompt! }];
    return engine.chat({ messages, ...sampling }, request);
  });
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

function flagName(option: string): string {
  return option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
