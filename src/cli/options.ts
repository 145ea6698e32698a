// Shared option handling: every subcommand takes --model (or LOCAL_SLM_MODEL) and --json.
import { resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { expandHome } from "../shared/expandHome";
import { CliError } from "./cliError";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

export const commonOptions = {
  model: { type: "string" },
  json: { type: "boolean", default: false },
  threads: { type: "string" },
  "context-size": { type: "string" },
  gpu: { type: "string" },
  verbose: { type: "boolean", default: false },
  /** --lora PATH[:SCALE], repeatable: LoRA adapters on top of the model. */
  lora: { type: "string", multiple: true },
} satisfies OptionSpec;

export function parse<O extends OptionSpec>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options: { ...commonOptions, ...options }, allowPositionals, strict: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message}. Run "local-slm help" for usage.`);
  }
}

export function modelPathOption(value: unknown): string {
  const path = typeof value === "string" && value !== "" ? value : process.env.LOCAL_SLM_MODEL;
  if (!path) throw new CliError("No model given: pass --model PATH or set LOCAL_SLM_MODEL.");
  return resolve(expandHome(path));
}

export function intOption(name: string, value: unknown, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) throw new CliError(`--${name} must be an integer of at least ${min}, got "${value}".`);
  return number;
}

export function numberOption(name: string, value: unknown, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number)) throw new CliError(`--${name} must be a number, got "${value}".`);
  return number;
}

/** --lora PATH[:SCALE] (scale 1 when absent); the scale is the part after the last ":" when it is a number. */
export function loraOption(value: unknown): { path: string; scale: number }[] {
  const items = Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  return items.map((item) => {
    const match = /^(.*):([-+]?\d*\.?\d+(?:e[-+]?\d+)?)$/i.exec(item);
    const path = match ? match[1]! : item;
    if (path === "") throw new CliError(`--lora needs PATH[:SCALE], got "${item}".`);
    return { path: resolve(expandHome(path)), scale: match ? Number(match[2]) : 1 };
  });
}
