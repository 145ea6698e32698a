// `local-slm bench speculative`: prompt-lookup speculative decoding (node-llama-cpp's
// InputLookupTokenPredictor on the completion sequence, the engine's `promptLookup` option) against
// plain decoding, through the worker, on the same requests. Two cases:
//  - realistic: fill-in-the-middle requests cut mid-line from the benchmark's source files
//    (session-files), sampled at temperature 1 with a seed from the request's text as the peer
//    benchmark samples, and greedy;
//  - upper bound (--repeat-model): a prompt that already holds the text the model is about to write
//    (a random-weight model repeats its last tokens: the prompt ends with 64 of its own greedy
//    tokens), so nearly every prediction is accepted.
// Prints generation tok/s, predicted tokens validated / refuted, and the ratios. Never asserts.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EngineClient } from "../../host/engineClient";
import { forkWorker } from "../../host/engineWorker";
import type { GenerationResult, InfillParams } from "../../protocol/types";
import { resolveThreadCount } from "../../shared/threads";
import { workerPath } from "../engineSession";
import { intOption, modelPathOption, parse } from "../options";
import { printResult } from "../output";
import { benchSampling } from "./sampling";
import { median, round } from "./stats";

interface Config {
  modelPath: string;
  repeatModelPath?: string;
  threads: number;
  requests: number;
  maxTokens: number;
}

interface Totals {
  requests: number;
  generatedTokens: number;
  generationMs: number;
  totalMsP50: number;
  validated: number;
  refuted: number;
}

export async function speculativeBench(args: string[]): Promise<void> {
  const { values } = parse(args, { "repeat-model": { type: "string" }, requests: { type: "string" }, "max-tokens": { type: "string" } });
  const config: Config = {
    modelPath: modelPathOption(values.model),
    ...(values["repeat-model"] ? { repeatModelPath: modelPathOption(values["repeat-model"]) } : {}),
    threads: resolveThreadCount(intOption("threads", values.threads, 0)),
    requests: intOption("requests", values.requests, 24, 1),
    maxTokens: intOption("max-tokens", values["max-tokens"], 48, 1),
  };
  const say = (line: string) => !values.json && process.stderr.write(`${line}\n`);
  process.env.LOCAL_SLM_FIXED_THREADS = "1"; // the same threads for both runs
  const requests = fimRequests(config.requests);
  say(`bench speculative: ${config.modelPath}, ${config.threads} threads, ${requests.length} requests of up to ${config.maxTokens} tokens`);

  const result: Record<string, unknown> = { model: config.modelPath, threads: config.threads };
  for (const [name, sampling] of [["sampled", true], ["greedy", false]] as const) {
    const run = (promptLookup: boolean) =>
      withEngine(config.modelPath, config.threads, promptLookup, (engine) =>
        measure(requests.map((r) => ({ ...r, maxTokens: config.maxTokens, ...(sampling ? benchSampling(`${r.prefix}\u0000${r.suffix}`) : { temperature: 0 }) })), engine),
      );
    result[name] = compare(await run(false), await run(true));
    say(line(`realistic, ${name}`, result[name] as Comparison));
  }
  if (config.repeatModelPath) {
    const plainFirst = await withEngine(config.repeatModelPath, config.threads, false, (engine) => repeatingRequests(engine));
    const off = await withEngine(config.repeatModelPath, config.threads, false, (engine) => measure(plainFirst, engine));
    const on = await withEngine(config.repeatModelPath, config.threads, true, (engine) => measure(plainFirst, engine));
    result.upperBound = { model: config.repeatModelPath, ...compare(off, on) };
    say(line("upper bound, greedy", result.upperBound as Comparison));
  }
  printResult(true, result);
}

interface Comparison {
  off: Totals;
  on: Totals;
  generationTokensPerSecondOff: number;
  generationTokensPerSecondOn: number;
  speedup: number;
  acceptance: number;
}

function compare(off: Totals, on: Totals): Comparison {
  const speed = (t: Totals) => round(t.generatedTokens / (t.generationMs / 1000), 2);
  return {
    off,
    on,
    generationTokensPerSecondOff: speed(off),
    generationTokensPerSecondOn: speed(on),
    speedup: round(speed(on) / speed(off), 3),
    acceptance: round(on.validated / Math.max(1, on.validated + on.refuted), 3),
  };
}

function line(label: string, c: Comparison): string {
  return (
    `${label}: generation ${c.generationTokensPerSecondOff} -> ${c.generationTokensPerSecondOn} tok/s (x${c.speedup}); ` +
    `predicted tokens validated ${c.on.validated}, refuted ${c.on.refuted} (acceptance ${c.acceptance}); ` +
    `tokens ${c.off.generatedTokens} / ${c.on.generatedTokens}; request p50 ${c.off.totalMsP50} -> ${c.on.totalMsP50} ms`
  );
}

async function measure(requests: InfillParams[], engine: EngineClient): Promise<Totals> {
  const results: GenerationResult[] = [];
  await engine.infill({ prefix: "warm up", suffix: "", maxTokens: 2 });
  for (const request of requests) results.push(await engine.infill(request));
  return {
    requests: results.length,
    generatedTokens: sum(results.map((r) => Math.max(0, r.timings.generatedTokens - 1))), // the first token's time is in promptMs
    generationMs: round(sum(results.map((r) => r.timings.generationMs))),
    totalMsP50: round(median(results.map((r) => r.timings.totalMs))),
    validated: sum(results.map((r) => r.timings.predictions?.validated ?? 0)),
    refuted: sum(results.map((r) => r.timings.predictions?.refuted ?? 0)),
  };
}

async function withEngine<T>(modelPath: string, threads: number, promptLookup: boolean, work: (engine: EngineClient) => Promise<T>): Promise<T> {
  const engine = new EngineClient({
    createWorker: forkWorker({ workerPath: workerPath() }),
    getConfig: () => ({ modelPath, threads, contextSize: 4096, gpu: "off", idleUnloadMs: 0, promptLookup }),
    log: ({ level, message }) => level === "error" && process.stderr.write(`[worker] ${message}\n`),
  });
  try {
    return await work(engine);
  } finally {
    await engine.dispose(); // one worker at a time: idle llama.cpp threads of another slow a run down
  }
}

/** Cut mid-line (the rest of the line and what follows is the model's to write), spread over the files. */
export function fimRequests(count: number): InfillParams[] {
  const root = join(__dirname, "..", "src", "cli", "bench"); // dist/cli.js -> the repo
  const files = [join(root, "session-files"), join(root, "peers", "session-files")].flatMap((dir) => readdirSync(dir).sort().map((f) => readFileSync(join(dir, f), "utf8")));
  const places: Array<{ text: string; at: number }> = [];
  for (const text of files) {
    let offset = 0;
    for (const l of text.split("\n")) {
      const trimmed = l.trim();
      if (trimmed.length >= 12 && offset > 400) places.push({ text, at: offset + (l.length - trimmed.length) + Math.floor(trimmed.length / 2) });
      offset += l.length + 1;
    }
  }
  const step = Math.max(1, Math.floor(places.length / count));
  return places
    .filter((_, i) => i % step === 0)
    .slice(0, count)
    .map(({ text, at }) => {
      const start = text.lastIndexOf("\n", Math.max(0, at - 2000)) + 1;
      return { prefix: text.slice(start, at), suffix: text.slice(at, at + 400), maxTokens: 0 };
    });
}

/** Prompts ending in 64 tokens of the model's own greedy output: what it writes next is in the prompt. */
async function repeatingRequests(engine: EngineClient): Promise<InfillParams[]> {
  const requests: InfillParams[] = [];
  for (const base of fimRequests(4)) {
    const first = await engine.infill({ ...base, maxTokens: 64, temperature: 0, ignoreEndOfGeneration: true });
    requests.push({ prefix: base.prefix + first.text, suffix: base.suffix, maxTokens: 128, temperature: 0, ignoreEndOfGeneration: true });
  }
  return requests;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
