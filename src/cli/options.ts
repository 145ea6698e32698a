// Shared option handling: every subcommand takes --model (or LOCAL_SLM_MODEL) and --json.
import { resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliError } from "./cliError";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

export const commonOptions = {
  model: { type: "string" },
  json: { type: "boolean", default: false },
  threads: { type: "string" },
  "context-size": { type: "string" },
  gpu: { type: "string" },
  verbose: { type: "boolean", default: false },
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
  return resolve(path);
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
