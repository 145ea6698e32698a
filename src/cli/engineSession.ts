// The CLI drives the same worker, through the same protocol and client, as the extension does:
// what the CLI and the benchmarks measure is what users get.
import { join } from "node:path";
import { EngineClient, type EngineConfig } from "../host/engineClient";
import type { GpuSetting } from "../protocol/types";
import { resolveThreadCount } from "../shared/threads";
import { CliError } from "./cliError";
import { intOption, loraOption, modelPathOption } from "./options";
import { forkWorker } from "../host/engineWorker";

export interface SessionValues {
  model?: unknown;
  threads?: unknown;
  "context-size"?: unknown;
  gpu?: unknown;
  verbose?: unknown;
  lora?: unknown;
}

export const DEFAULT_CONTEXT_SIZE = 4096;

export function workerPath(): string {
  // dist/cli.js and dist/worker.js sit side by side.
  return join(__dirname, "worker.js");
}

export function engineFor(values: SessionValues, extra: Partial<EngineConfig> = {}): EngineClient {
  const modelPath = modelPathOption(values.model);
  const threads = resolveThreadCount(intOption("threads", values.threads, 0));
  const contextSize = intOption("context-size", values["context-size"], DEFAULT_CONTEXT_SIZE, 64);
  const gpu = gpuOption(values.gpu);
  const verbose = values.verbose === true;
  const loraAdapters = loraOption(values.lora);
  return new EngineClient({
    createWorker: forkWorker({ workerPath: workerPath() }),
    getConfig: () => ({ modelPath, threads, contextSize, gpu, idleUnloadMs: 0, loraAdapters, ...extra }),
    log: ({ level, message }) => {
      // Failures reach the user as the command's own one-line error; the log is for --verbose.
      if (verbose) process.stderr.write(`[worker ${level}] ${message}\n`);
    },
  });
}

function gpuOption(value: unknown): GpuSetting {
  if (value === undefined || value === "auto") return "auto";
  if (value === "off" || value === "false") return "off";
  throw new CliError(`--gpu must be "auto" or "off", got "${value}".`);
}

/** An engine with no model, for reading GGUF metadata in the worker (models, download). */
export function metadataEngine(verbose: boolean): EngineClient {
  return new EngineClient({
    createWorker: forkWorker({ workerPath: workerPath() }),
    getConfig: () => ({ modelPath: undefined, threads: 1, contextSize: DEFAULT_CONTEXT_SIZE, gpu: "off", idleUnloadMs: 0 }),
    log: ({ level, message }) => verbose && process.stderr.write(`[worker ${level}] ${message}\n`),
  });
}

/** Runs work with an engine and always stops the worker afterwards. */
export async function withEngine<T>(values: SessionValues, work: (engine: EngineClient) => Promise<T>, extra: Partial<EngineConfig> = {}): Promise<T> {
  const engine = engineFor(values, extra);
  try {
    return await work(engine);
  } finally {
    await engine.dispose();
  }
}
