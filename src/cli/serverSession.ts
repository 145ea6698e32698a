// --server URL for the commands that run a model (complete, summarize, sentiment, generate, bench):
// the same pipeline and text tools against a server. With --model too, the local model answers
// whenever the server cannot (the hybrid backend the extension uses).
import type { InfillEngine } from "../completion/completionPipeline";
import { HybridEngine, type LocalEngine } from "../server/hybridEngine";
import { LazyServerEngine } from "../server/lazyServerEngine";
import { CLI_OPTION_NAMES, DEFAULT_SERVER_TIMEOUT_MS, SERVER_APIS, type ServerApi, type ServerConfig } from "../server/serverTypes";
import type { TextEngine } from "../text/textEngine";
import { CliError } from "./cliError";
import { engineFor, type SessionValues } from "./engineSession";
import { numberOption, type OptionSpec } from "./options";

export const serverOptions = {
  server: { type: "string" },
  "server-api": { type: "string" },
  "server-model": { type: "string" },
  /** Seconds to wait for the server to send anything. */
  "server-timeout": { type: "string" },
  "allow-self-signed": { type: "boolean", default: false },
} satisfies OptionSpec;

export interface ServerValues extends SessionValues {
  server?: unknown;
  "server-api"?: unknown;
  "server-model"?: unknown;
  "server-timeout"?: unknown;
  "allow-self-signed"?: unknown;
}

export type Backend = InfillEngine & TextEngine;

export function serverConfigFrom(values: ServerValues): ServerConfig | undefined {
  if (typeof values.server !== "string" || values.server === "") return undefined;
  const api = values["server-api"];
  if (api !== undefined && !SERVER_APIS.includes(api as ServerApi)) throw new CliError(`--server-api must be ${SERVER_APIS.join(", ")} (or absent: detected), got "${api}".`);
  const seconds = numberOption("server-timeout", values["server-timeout"], DEFAULT_SERVER_TIMEOUT_MS / 1000)!;
  if (!(seconds > 0)) throw new CliError(`--server-timeout must be a number of seconds above 0, got "${values["server-timeout"]}".`);
  return {
    url: values.server.replace(/\/+$/, ""),
    api: api as ServerApi | undefined,
    model: typeof values["server-model"] === "string" ? values["server-model"] : undefined,
    // Never on the command line (shell history, ps): from the environment only.
    apiKey: process.env.LOCAL_SLM_SERVER_API_KEY || undefined,
    timeoutMs: seconds * 1000,
    allowSelfSigned: values["allow-self-signed"] === true,
  };
}

/**
 * Runs work with the backend the options name: the local worker (--model), a server (--server), or
 * both (the server, falling back to the local model). Always releases what it started.
 */
export async function withBackend<T>(values: ServerValues, work: (engine: Backend) => Promise<T>, slotKey?: number): Promise<T> {
  const config = serverConfigFrom(values);
  if (!config) {
    const engine = engineFor(values);
    try {
      return await work(engine);
    } finally {
      await engine.dispose();
    }
  }
  const server = new LazyServerEngine(config, CLI_OPTION_NAMES, slotKey);
  const wantsLocal = typeof values.model === "string" || (process.env.LOCAL_SLM_MODEL ?? "") !== "";
  if (!wantsLocal) {
    try {
      return await work(server);
    } finally {
      server.dispose();
    }
  }
  let local: ReturnType<typeof engineFor> | undefined;
  const verbose = values.verbose === true;
  const hybrid = new HybridEngine(server, () => (local ??= engineFor(values)) as LocalEngine, {
    slowMs: 0,
    retryMs: 30_000,
    onAnswered: (a) => verbose && process.stderr.write(`[answered by ${a.by}${a.why ? `: ${a.why}` : ""}]\n`),
  });
  try {
    return await work(hybrid);
  } finally {
    hybrid.dispose();
    await local?.dispose();
  }
}
