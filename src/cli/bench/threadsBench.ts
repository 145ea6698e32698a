// `local-slm bench threads`: prompt and generation speed through the worker for each thread count
// while 0, 1, 2... cores are kept busy by other processes (busy-loop children standing in for a
// build or a language server). It tells whether the default thread count should leave busy cores
// alone. Prints figures, never asserts; run it on an otherwise quiet machine.
import { type ChildProcess, spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { EngineClient } from "../../host/engineClient";
import { defaultThreadCount } from "../../shared/threads";
import { forkWorker } from "../../host/engineWorker";
import { CliError } from "../cliError";
import { workerPath } from "../engineSession";
import { intOption, modelPathOption, parse } from "../options";
import { printResult } from "../output";
import { sampleCode } from "./sampleCode";
import { median, round } from "./stats";

interface Cell {
  busyCores: number;
  /** A fixed count, or "adaptive": up to every core, less those other processes keep busy (the default). */
  threads: number | "adaptive";
  promptTokensPerSecond: number;
  generationTokensPerSecond: number;
}

export async function threadsBench(args: string[]): Promise<void> {
  const { values } = parse(args, {
    runs: { type: "string" },
    "busy-cores": { type: "string" },
    "thread-counts": { type: "string" },
    "prompt-lines": { type: "string" },
    "generation-tokens": { type: "string" },
  });
  const cores = availableParallelism();
  const modelPath = modelPathOption(values.model);
  const runs = intOption("runs", values.runs, 3, 1);
  const promptLines = intOption("prompt-lines", values["prompt-lines"], 40, 1);
  const generationTokens = intOption("generation-tokens", values["generation-tokens"], 64, 4);
  const busyLevels = listOption("busy-cores", values["busy-cores"], range(0, Math.min(cores, 2)), 0);
  const threadCounts = listOption("thread-counts", values["thread-counts"], range(1, Math.min(cores, 4)), 1);
  const contextSize = intOption("context-size", values["context-size"], 2048, 256);
  const say = (line: string) => !values.json && process.stderr.write(`${line}\n`);

  say(`bench threads: ${modelPath}, ${cores} cores, busy cores ${busyLevels.join("/")}, threads ${threadCounts.join("/")}, ${runs} runs each`);
  const cells: Cell[] = [];
  for (const busyCores of busyLevels) {
    const busy = startBusyLoops(busyCores);
    try {
      for (const threads of [...threadCounts, "adaptive" as const]) {
        const cell = await measure({ modelPath, threads, contextSize, runs, promptLines, generationTokens, cores });
        cells.push({ busyCores, ...cell });
        say(`  ${busyCores} busy, ${threads} threads: prompt ${round(cell.promptTokensPerSecond)} tok/s, generation ${round(cell.generationTokensPerSecond)} tok/s`);
      }
    } finally {
      await stopBusyLoops(busy);
    }
  }
  const best = bestThreadsPerBusyLevel(cells);
  if (!values.json) {
    say("");
    say(`busy cores |  threads | prompt tok/s | generation tok/s`);
    for (const c of cells) say(`${String(c.busyCores).padStart(10)} | ${String(c.threads).padStart(8)} | ${String(round(c.promptTokensPerSecond)).padStart(12)} | ${String(round(c.generationTokensPerSecond)).padStart(16)}`);
    for (const [busyCores, threads] of best) say(`fastest generation with ${busyCores} busy: ${threads} threads`);
  }
  printResult(true, { model: modelPath, cores, runs, cells: cells.map((c) => ({ ...c, promptTokensPerSecond: round(c.promptTokensPerSecond), generationTokensPerSecond: round(c.generationTokensPerSecond) })), fastestThreads: Object.fromEntries(best) });
}

/** The thread setting with the fastest generation at each busy level. */
export function bestThreadsPerBusyLevel(cells: readonly Cell[]): Map<number, number | "adaptive"> {
  const best = new Map<number, Cell>();
  for (const c of cells) {
    const current = best.get(c.busyCores);
    if (!current || c.generationTokensPerSecond > current.generationTokensPerSecond) best.set(c.busyCores, c);
  }
  return new Map([...best].map(([busy, c]) => [busy, c.threads]));
}

interface MeasureConfig {
  modelPath: string;
  threads: number | "adaptive";
  cores: number;
  contextSize: number;
  runs: number;
  promptLines: number;
  generationTokens: number;
}

/** A fresh worker with `threads` threads; median speeds over `runs` prompts that share nothing. */
async function measure(config: MeasureConfig): Promise<Omit<Cell, "busyCores">> {
  const adaptive = config.threads === "adaptive";
  // The worker reads this when it starts (a forked child inherits the environment).
  if (adaptive) delete process.env.LOCAL_SLM_FIXED_THREADS;
  else process.env.LOCAL_SLM_FIXED_THREADS = "1";
  const threads = adaptive ? defaultThreadCount(config.cores) : (config.threads as number);
  const engine = new EngineClient({
    createWorker: forkWorker({ workerPath: workerPath() }),
    getConfig: () => ({ modelPath: config.modelPath, threads, contextSize: config.contextSize, gpu: "off", idleUnloadMs: 0 }),
    log: ({ level, message }) => level === "error" && process.stderr.write(`[worker] ${message}\n`),
  });
  try {
    await engine.ensureModel();
    const prompt = sampleCode(config.promptLines);
    const promptSpeeds: number[] = [];
    const generationSpeeds: number[] = [];
    for (let run = 0; run < config.runs; run++) {
      const text = `// threads run ${run}\n${prompt}`; // a different start: no cache reuse across runs
      const started = performance.now();
      const first = await engine.generate({ prompt: text, maxTokens: 1, ignoreEndOfGeneration: true });
      const promptMs = performance.now() - started;
      promptSpeeds.push(first.timings.promptTokensEvaluated / (promptMs / 1000));
      // The same prompt again is cached but for its last token, so what remains is generation.
      const again = performance.now();
      const full = await engine.generate({ prompt: text, maxTokens: config.generationTokens, ignoreEndOfGeneration: true });
      const generated = Math.max(1, full.timings.generatedTokens - 1);
      generationSpeeds.push(generated / ((performance.now() - again - full.timings.promptMs) / 1000));
    }
    return { threads: config.threads, promptTokensPerSecond: median(promptSpeeds), generationTokensPerSecond: median(generationSpeeds) };
  } finally {
    await engine.dispose();
  }
}

/** Child processes that each keep one core busy until killed. */
function startBusyLoops(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
}

async function stopBusyLoops(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    })),
  );
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function listOption(name: string, value: unknown, fallback: number[], min: number): number[] {
  if (value === undefined) return fallback;
  const items = String(value).split(",").map((s) => Number(s.trim()));
  if (items.length === 0 || items.some((n) => !Number.isInteger(n) || n < min || n > 64)) {
    throw new CliError(`--${name} must be a comma-separated list of integers from ${min} to 64, got "${value}".`);
  }
  return items;
}
