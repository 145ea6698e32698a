// local-slm: the headless command line over the same engine as the extension.
import { EngineError, EngineErrorCode } from "../protocol/errors";
import { CliError } from "./cliError";
import { benchCommand } from "./commands/bench";
import { completeCommand } from "./commands/complete";
import { downloadCommand } from "./commands/download";
import { generateCommand } from "./commands/generate";
import { infoCommand } from "./commands/info";
import { makeTestModelCommand } from "./commands/makeTestModel";
import { modelsCommand } from "./commands/models";
import { promptCommand } from "./commands/prompt";
import { nextEditCommand } from "./commands/nextEdit";
import { sentimentCommand } from "./commands/sentiment";
import { summarizeCommand } from "./commands/summarize";

const USAGE = `local-slm: run small GGUF language models locally.

Usage:
  local-slm make-test-model --shape tiny|qwen2.5-coder-0.5b|huge [--quant f32|f16|q8_0|q4_0] --out PATH
  local-slm make-test-model --shape tiny-lora [--base tiny|qwen2.5-coder-0.5b] [--rank N] [--alpha A] --out PATH
  local-slm models [--folder DIR]... [--no-known] [--all] [--json]
  local-slm download [<catalog-id>|hf:ORG/REPO/FILE.gguf|URL] [--dir DIR] [--wait] [--stall-timeout S] [--json] [--progress-json]
  local-slm info --model PATH [--json]
  local-slm generate --model PATH --prompt TEXT [--max-tokens N] [--temperature T] [--top-p P] [--top-k K] [--seed S] [--chat [--system TEXT]] [--json]
  local-slm complete --model PATH --file F --line L --column C [--json]
  local-slm prompt --model PATH --file F --line L --column C [--json]   (the exact tokens sent)
  local-slm next-edit --model PATH --file F --line L --column C [--edits EDITS.json] [--show-prompt] [--json]
  local-slm summarize --model PATH [FILE|-] [--words N] [--quiet] [--json]
  local-slm sentiment --model PATH [FILE|-] [--per-line] [--json]
  local-slm bench engine|completion|text|soak|next-edit|peers|threads --model PATH [--json]
  local-slm bench speculative --model PATH [--repeat-model PATH] [--requests N] [--max-tokens N] [--json]
  local-slm bench server --server URL [--users 1,2,4] [--requests N] [--think MS] [--time-limit MS] [--json]

Every command that loads a model takes --model PATH (default: $LOCAL_SLM_MODEL),
--threads N, --context-size N, --gpu auto|off, --lora PATH[:SCALE] (repeatable), --verbose.
complete, summarize, sentiment and generate also take --server URL (llama-server, Ollama or an
OpenAI-compatible server) with --server-api llama-server|openai|ollama (detected when absent),
--server-model NAME, --server-timeout S, --allow-self-signed; the API key comes from
$LOCAL_SLM_SERVER_API_KEY. With --server and --model, the local model answers when the server cannot.`;

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  "make-test-model": makeTestModelCommand,
  info: infoCommand,
  generate: generateCommand,
  complete: completeCommand,
  prompt: promptCommand,
  "next-edit": nextEditCommand,
  summarize: summarizeCommand,
  sentiment: sentimentCommand,
  bench: benchCommand,
  models: modelsCommand,
  download: downloadCommand,
};

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const command = COMMANDS[name];
  if (!command) throw new CliError(`Unknown command "${name}". Run "local-slm help" for usage.`);
  await command(rest);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof CliError || error instanceof EngineError ? error.message + fixFor(error) : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`local-slm: ${message}\n`);
    process.exit(error instanceof CliError ? error.exitCode : 1);
  },
);

/** The engine says what is wrong; the command line says how to fix it here (the editor names its setting). */
function fixFor(error: CliError | EngineError): string {
  if (error instanceof EngineError && error.code === EngineErrorCode.ModelNotFound) return " Pass an existing .gguf file with --model PATH (or set LOCAL_SLM_MODEL).";
  return "";
}
