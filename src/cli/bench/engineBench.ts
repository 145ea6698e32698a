// `local-slm bench engine`: load time, throughput through the worker and through node-llama-cpp
// called directly in this process (their ratio is the worker's overhead), abort latency during
// prompt processing, and KV-cache reuse after a one-line edit. Prints figures, never asserts.
import { EngineClient } from "../../host/engineClient";
import type { GenerationResult } from "../../protocol/types";
import { importNodeLlamaCpp, type LlamaModel } from "../../engine/nodeLlamaCpp";
import { textPromptTokens } from "../../engine/promptTokens";
import { resolveThreadCount } from "../../shared/threads";
import { workerPath } from "../engineSession";
import { intOption, modelPathOption, parse } from "../options";
import { printResult } from "../output";
import { sampleCode } from "./sampleCode";
import { median, percentile, round } from "./stats";
import { forkWorker } from "../../host/engineWorker";

interface BenchConfig {
  modelPath: string;
  threads: number;
  contextSize: number;
  promptTokens: number;
  generationTokens: number;
  runs: number;
  abortTrials: number;
}

interface Throughput {
  promptTokensPerSecond: number;
  generationTokensPerSecond: number;
}

export async function engineBench(args: string[]): Promise<void> {
  const { values } = parse(args, {
    runs: { type: "string" },
    "prompt-tokens": { type: "string" },
    "generation-tokens": { type: "string" },
    "abort-trials": { type: "string" },
  });
  const config: BenchConfig = {
    modelPath: modelPathOption(values.model),
    threads: resolveThreadCount(intOption("threads", values.threads, 0)),
    contextSize: intOption("context-size", values["context-size"], 4096, 256),
    promptTokens: intOption("prompt-tokens", values["prompt-tokens"], 1500, 16),
    generationTokens: intOption("generation-tokens", values["generation-tokens"], 128, 8),
    runs: intOption("runs", values.runs, 5, 1),
    abortTrials: intOption("abort-trials", values["abort-trials"], 20, 1),
  };
  const say = (line: string) => !values.json && process.stderr.write(`${line}\n`);

  say(`bench engine: ${config.modelPath}, ${config.threads} threads, prompt ${config.promptTokens} tokens, ${config.generationTokens} generated, ${config.runs} runs`);
  // Direct runs first, then the worker's: with both models loaded, each process's idle llama.cpp
  // threads slowed the other's runs by up to half (measured), so they never overlap.
  const direct = await openDirect(config);
  const directRuns: Throughput[] = [];
  for (const prompt of direct.prompts) {
    directRuns.push(await direct.run(prompt));
    say(`  direct run: prompt ${round(directRuns.at(-1)!.promptTokensPerSecond)} tok/s, generation ${round(directRuns.at(-1)!.generationTokensPerSecond)} tok/s`);
  }
  await direct.dispose();
  // The same threads as the direct runs: the worker's run-time thread adaptation stays off here.
  process.env.LOCAL_SLM_FIXED_THREADS = "1";
  const engine = new EngineClient({
    createWorker: forkWorker({ workerPath: workerPath() }),
    getConfig: () => ({ modelPath: config.modelPath, threads: config.threads, contextSize: config.contextSize, gpu: "off", idleUnloadMs: 0 }),
    log: ({ level, message }) => level === "error" && process.stderr.write(`[worker] ${message}\n`),
  });
  try {
    const loadStarted = performance.now();
    const info = await engine.ensureModel();
    const loadMs = round(performance.now() - loadStarted, 0);
    const workerRuns: Throughput[] = [];
    for (const prompt of direct.prompts) {
      workerRuns.push(await workerRun(engine, prompt, config.generationTokens));
      say(`  worker run: prompt ${round(workerRuns.at(-1)!.promptTokensPerSecond)} tok/s, generation ${round(workerRuns.at(-1)!.generationTokensPerSecond)} tok/s`);
    }
    const worker = await measureWorkerLatencies(engine, config, direct.prompts[0]!, medianThroughput(workerRuns), say);
    report(config, values.json, say, {
      promptTokenCount: direct.promptTokenCount,
      loadMs,
      workerLoadMs: info.loadMs,
      direct: medianThroughput(directRuns),
      worker: medianThroughput(workerRuns),
      ...worker,
    });
  } finally {
    await engine.dispose();
  }
}

interface Figures {
  promptTokenCount: number;
  loadMs: number;
  workerLoadMs: number;
  direct: Throughput;
  worker: Throughput;
  text: AbortFigures;
  completion: AbortFigures;
  reuse: { promptTokens: number; evaluated: number; reused: number };
}

function report(config: BenchConfig, json: boolean, say: (line: string) => void, f: Figures): void {
  const promptRatio = f.direct.promptTokensPerSecond / f.worker.promptTokensPerSecond;
  const generationRatio = f.direct.generationTokensPerSecond / f.worker.generationTokensPerSecond;
  const result = {
    model: config.modelPath,
    threads: config.threads,
    promptTokens: f.promptTokenCount,
    loadMs: f.loadMs,
    workerLoadMs: f.workerLoadMs,
    promptTokensPerSecond: round(f.worker.promptTokensPerSecond),
    generationTokensPerSecond: round(f.worker.generationTokensPerSecond),
    directPromptTokensPerSecond: round(f.direct.promptTokensPerSecond),
    directGenerationTokensPerSecond: round(f.direct.generationTokensPerSecond),
    promptOverheadRatio: round(promptRatio, 3),
    generationOverheadRatio: round(generationRatio, 3),
    workerOverheadRatio: round(Math.max(promptRatio, generationRatio), 3),
    abortP50Ms: round(percentile(f.text.endMs, 50)),
    abortP95Ms: round(percentile(f.text.endMs, 95)),
    abortMaxMs: round(Math.max(...f.text.endMs)),
    abortNextRequestP95Ms: round(percentile(f.text.freeMs, 95)),
    completionAbortP95Ms: round(percentile(f.completion.endMs, 95)),
    completionAbortNextRequestP95Ms: round(percentile(f.completion.freeMs, 95)),
    abortTrials: f.text.endMs.length,
    reusePromptTokens: f.reuse.promptTokens,
    reuseEvaluatedTokens: f.reuse.evaluated,
    reuseReusedTokens: f.reuse.reused,
  };
  if (!json) {
    say("");
    say(`load (worker start + model load)    ${result.loadMs} ms (model load in worker ${result.workerLoadMs} ms)`);
    say(`prompt processing                   worker ${result.promptTokensPerSecond} tok/s   direct ${result.directPromptTokensPerSecond} tok/s   ratio ${result.promptOverheadRatio}`);
    say(`generation                          worker ${result.generationTokensPerSecond} tok/s   direct ${result.directGenerationTokensPerSecond} tok/s   ratio ${result.generationOverheadRatio}`);
    say(`worker overhead ratio (worst)       ${result.workerOverheadRatio} (target <= 1.05)`);
    say(`abort during prompt processing      p50 ${result.abortP50Ms} ms   p95 ${result.abortP95Ms} ms   max ${result.abortMaxMs} ms over ${result.abortTrials} trials (target p95 <= 100 ms)`);
    say(`  until the next request is done    p95 ${result.abortNextRequestP95Ms} ms (text sequence: ~2 s chunks finish in the background)`);
    say(`  completion sequence               p95 ${result.completionAbortP95Ms} ms, next request done p95 ${result.completionAbortNextRequestP95Ms} ms (~100 ms chunks)`);
    say(`KV reuse after a one-line edit      ${result.reuseEvaluatedTokens} of ${result.reusePromptTokens} prompt tokens evaluated (${result.reuseReusedTokens} reused)`);
  }
  printResult(true, result);
}
/** node-llama-cpp called directly, in this process, on the same prompts. */
async function openDirect(config: BenchConfig) {
  const nlc = await importNodeLlamaCpp();
  const llama = await nlc.getLlama({ gpu: false, maxThreads: config.threads, build: "never", logLevel: nlc.LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: config.modelPath, gpuLayers: 0 });
  const context = await model.createContext({ contextSize: config.contextSize, sequences: 1, threads: config.threads });
  const sequence = context.getSequence();
  const prompts = buildPrompts(model, config);
  return {
    prompts,
    promptTokenCount: textPromptTokens(model, prompts[0]!, true).length,
    async run(prompt: string): Promise<Throughput> {
      await sequence.clearHistory();
      const tokens = textPromptTokens(model, prompt, true);
      const started = performance.now();
      await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(0, -1));
      // Like the worker with ignoreEndOfGeneration: end-of-generation tokens do not stop the loop.
      const generator = sequence.evaluate(tokens.slice(-1), { temperature: 0 });
      await generator.next();
      const firstToken = performance.now();
      for (let i = 0; i < config.generationTokens; i++) await generator.next();
      const end = performance.now();
      await generator.return();
      return {
        promptTokensPerSecond: tokens.length / ((firstToken - started) / 1000),
        generationTokensPerSecond: config.generationTokens / ((end - firstToken) / 1000),
      };
    },
    async dispose() {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}

/** The same work through the worker process, timed on the client side (IPC included). */
async function workerRun(engine: EngineClient, prompt: string, generationTokens: number): Promise<Throughput> {
  const promptOnly = await timed(() => engine.generate({ prompt, maxTokens: 1, ignoreEndOfGeneration: true }));
  // The same prompt again is cached but for its last token: what remains is the fixed cost.
  const fixed = await timed(() => engine.generate({ prompt, maxTokens: 1, ignoreEndOfGeneration: true }));
  const full = await timed(() => engine.generate({ prompt, maxTokens: generationTokens + 1, ignoreEndOfGeneration: true }));
  return {
    promptTokensPerSecond: promptOnly.result.timings.promptTokensEvaluated / (promptOnly.ms / 1000),
    generationTokensPerSecond: generationTokens / ((full.ms - fixed.ms) / 1000),
  };
}

async function measureWorkerLatencies(engine: EngineClient, config: BenchConfig, basePrompt: string, speed: Throughput, say: (line: string) => void) {
  const promptMs = (config.promptTokens / speed.promptTokensPerSecond) * 1000;
  const text = await measureAborts(config.abortTrials, promptMs, (trial, signal) =>
    engine.generate({ prompt: `// abort trial ${trial}\n${basePrompt}`, maxTokens: 1 }, { signal }),
    () => engine.generate({ prompt: "x", maxTokens: 1 }),
  );
  say(`  abort (text): ${text.endMs.map((ms) => Math.round(ms)).join(" ")} ms; next request done after ${text.freeMs.map((ms) => Math.round(ms)).join(" ")} ms`);
  const completion = await measureAborts(config.abortTrials, promptMs, (trial, signal) =>
    engine.infill({ prefix: `// abort trial ${trial}\n${basePrompt}`, suffix: "\n", maxTokens: 1 }, { signal }),
    () => engine.infill({ prefix: "x", suffix: "", maxTokens: 1 }),
  );
  say(`  abort (completion): ${completion.endMs.map((ms) => Math.round(ms)).join(" ")} ms; next request done after ${completion.freeMs.map((ms) => Math.round(ms)).join(" ")} ms`);

  await engine.generate({ prompt: basePrompt, maxTokens: 1 });
  const edited = await engine.generate({ prompt: editNearEnd(basePrompt), maxTokens: 1 });
  return {
    text,
    completion,
    reuse: { promptTokens: edited.timings.promptTokens, evaluated: edited.timings.promptTokensEvaluated, reused: edited.timings.promptTokensReused },
  };
}

/** Prompts of about promptTokens tokens; each starts differently so no run reuses another's cache. */
function buildPrompts(model: LlamaModel, config: BenchConfig): string[] {
  const code = model.tokenize(sampleCode(Math.ceil(config.promptTokens / 2)));
  const body = model.detokenize(code.slice(0, config.promptTokens - 8));
  return Array.from({ length: config.runs }, (_, run) => `// benchmark run ${run}\n${body}`);
}

/** Changes one line, three lines from the end: the cache should serve everything before it. */
export function editNearEnd(text: string): string {
  const lines = text.split("\n");
  const index = Math.max(0, lines.length - 4);
  lines[index] = `${lines[index]} // edited`;
  return lines.join("\n");
}

interface AbortFigures {
  endMs: number[];
  freeMs: number[];
}

/**
 * Aborts requests at points spread over their prompt processing. endMs: abort to the request's
 * end; freeMs: abort to the end of a one-token request sent right after (the sequence is free).
 */
async function measureAborts(
  trials: number,
  promptMs: number,
  start: (trial: number, signal: AbortSignal) => Promise<GenerationResult>,
  next: () => Promise<GenerationResult>,
): Promise<AbortFigures> {
  const endMs: number[] = [];
  const freeMs: number[] = [];
  for (let trial = 0; trial < trials; trial++) {
    const abort = new AbortController();
    const request = start(trial, abort.signal);
    await sleep(50 + ((trial * 0.618) % 1) * promptMs * 0.8); // away from the very end of the prompt
    const abortedAt = performance.now();
    abort.abort();
    const result = await request;
    if (result.stopReason !== "aborted") continue;
    endMs.push(performance.now() - abortedAt);
    await next();
    freeMs.push(performance.now() - abortedAt);
  }
  if (endMs.length === 0) throw new Error("no request was still processing its prompt when aborted: the prompt is too short for this machine");
  return { endMs, freeMs };
}

function medianThroughput(runs: Throughput[]): Throughput {
  return {
    promptTokensPerSecond: median(runs.map((r) => r.promptTokensPerSecond)),
    generationTokensPerSecond: median(runs.map((r) => r.generationTokensPerSecond)),
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
