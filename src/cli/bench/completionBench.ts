// `local-slm bench completion`: replays an editing session through the same pipeline as the
// editor, for our strategy and a naive one, and prints latency, the compute floor, KV reuse and
// wasted work. Figures only; nothing is asserted.
import { writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { CompletionPipeline, DEFAULT_PIPELINE, type CompletionOutcome } from "../../completion/completionPipeline";
import { linesFromText } from "../../completion/context/documentLines";
import { CompletionScheduler } from "../../completion/scheduling/completionScheduler";
import { waitUnlessAborted } from "../../completion/scheduling/adaptiveDebounce";
import { EngineClient } from "../../host/engineClient";
import type { Timings } from "../../protocol/types";
import { resolveThreadCount } from "../../shared/threads";
import { workerPath } from "../engineSession";
import { intOption, modelPathOption, parse } from "../options";
import { printResult } from "../output";
import { buildSession, type Keystroke } from "./editingSession";
import { measureFloors } from "./computeFloor";
import { latencyChartSvg } from "./latencyChart";
import { percentile, round } from "./stats";
import { forkWorker } from "../../host/engineWorker";

export interface Answer {
  keystrokeAt: number;
  answeredAt: number;
  outcome: CompletionOutcome;
  /** Shown to the user: the newest answer for the document as it is. */
  current: boolean;
}

export async function completionBench(args: string[]): Promise<void> {
  const { values } = parse(args, { "floor-samples": { type: "string" }, chart: { type: "string" } });
  const modelPath = modelPathOption(values.model);
  const threads = resolveThreadCount(intOption("threads", values.threads, 0));
  const say = (line: string) => !values.json && process.stderr.write(`${line}\n`);
  const session = buildSession(join(__dirname, "..", "bench", "session"));
  say(`bench completion: ${modelPath}, ${threads} threads, ${session.length} keystrokes over ${round(session.at(-1)!.atMs / 1000)} s`);

  const engine = new EngineClient({
    createWorker: forkWorker({ workerPath: workerPath() }),
    getConfig: () => ({ modelPath, threads, contextSize: 4096, gpu: "off", idleUnloadMs: 0 }),
    log: ({ level, message }) => level === "error" && process.stderr.write(`[worker] ${message}\n`),
  });
  let ours: Answer[];
  let naive: Answer[];
  try {
    await engine.ensureModel();
    ours = await replay(session, ourStrategy(engine));
    say(`  ours: ${ours.length} answers`);
    naive = await replay(session, naiveStrategy(engine));
    say(`  naive: ${naive.length} answers`);
  } finally {
    await engine.dispose();
  }
  const samples = intOption("floor-samples", values["floor-samples"], 40, 1);
  const floors = await measureFloors(modelPath, threads, [...modelAnswers(ours), ...modelAnswers(naive)].map((a) => a.outcome.timings!), samples * 2);
  const result = { ...figures(ours, floors), naive: figures(naive, floors) };
  (result as Record<string, unknown>).speedupP50 = round(result.naive.p50Ms / result.p50Ms, 2);
  say(`ours:  p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, floor p50 ${result.floorP50Ms} ms, ratio ${result.ratioToFloor} (${result.ratioToFloorAfterDebounce} without the debounce of p50 ${result.debounceP50Ms} ms), evaluated p50 ${result.promptTokensEvaluatedP50}, wasted ${result.wastedCpuShare}`);
  say(`naive: p50 ${result.naive.p50Ms} ms, p95 ${result.naive.p95Ms} ms, floor p50 ${result.naive.floorP50Ms} ms, ratio ${result.naive.ratioToFloor}, evaluated p50 ${result.naive.promptTokensEvaluatedP50}, wasted ${result.naive.wastedCpuShare}`);
  if (values.chart) {
    const latencies = (answers: Answer[]) => shownAnswers(answers).map((a) => a.answeredAt - a.keystrokeAt);
    const svg = latencyChartSvg(`bench completion: ${basename(modelPath)}, ${threads} threads`, [
      { name: "local-slm", color: "#1f77b4", valuesMs: latencies(ours) },
      { name: "naive", color: "#d62728", valuesMs: latencies(naive) },
    ]);
    writeFileSync(values.chart, svg);
    say(`chart: ${values.chart}`);
  }
  printResult(true, result);
}

/** Answers the user saw: the final answer for the document as it was. */
export function shownAnswers(answers: Answer[]): Answer[] {
  return answers.filter((a) => a.current && a.outcome.reason !== "superseded by a newer request");
}

export type Strategy = (keystroke: Keystroke) => Promise<CompletionOutcome> | undefined;

/** Plays keystrokes at their times; each may start a request. */
export async function replay(session: Keystroke[], strategy: Strategy): Promise<Answer[]> {
  const started = performance.now();
  const pending: Promise<Answer>[] = [];
  let latestKeystroke = -1;
  for (const [index, keystroke] of session.entries()) {
    const wait = started + keystroke.atMs - performance.now();
    if (wait > 0) await waitUnlessAborted(wait, new AbortController().signal);
    latestKeystroke = index;
    const at = performance.now();
    const request = strategy(keystroke);
    if (request) {
      pending.push(request.then((outcome) => ({ keystrokeAt: at, answeredAt: performance.now(), outcome, current: latestKeystroke === index })));
    }
  }
  return Promise.all(pending);
}

function request(k: Keystroke) {
  return { doc: linesFromText(k.text, k.languageId), position: { line: k.line, character: k.character }, documentKey: k.file };
}

/** The editor's strategy: what the provider does on every keystroke. */
export function ourStrategy(engine: EngineClient): Strategy {
  // Whole suggestions, not streamed first lines: every answer then has the timings its compute
  // floor is measured from, and the figures compare like with like (the editor shows a
  // multi-line suggestion's first line sooner than this).
  const options = { ...DEFAULT_PIPELINE, streamFirstLine: false };
  const scheduler = new CompletionScheduler(new CompletionPipeline(engine, () => options));
  return (k) => {
    scheduler.recordKeystroke();
    return scheduler.request(request(k));
  };
}

/**
 * The naive strategy: a fixed 300 ms debounce, a 1,500-character prefix window that slides with
 * every character (its start, so nothing is reused from the KV cache: the files are longer than
 * the window), no cache, and no abort: requests queue and run to the end.
 */
function naiveStrategy(engine: EngineClient): Strategy {
  const options = { ...DEFAULT_PIPELINE, useCache: false, streamFirstLine: false, window: { ...DEFAULT_PIPELINE.window, prefixLines: 100_000, prefixChars: 1500, prefixCharStep: 1 } };
  const pipeline = new CompletionPipeline(engine, () => options);
  let timer: NodeJS.Timeout | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let resolveLatest: ((outcome: CompletionOutcome) => void) | undefined;
  return (k) => {
    if (timer) clearTimeout(timer);
    resolveLatest?.({ text: "", reason: "superseded by a newer request", source: "none" });
    return new Promise<CompletionOutcome>((resolve) => {
      resolveLatest = resolve;
      timer = setTimeout(() => {
        resolveLatest = undefined;
        const run = queue.then(() => pipeline.complete({ ...request(k), signal: new AbortController().signal }));
        queue = run.catch(() => undefined);
        run.then((outcome) => resolve({ ...outcome, debounceMs: 300 }), () => resolve({ text: "", reason: "error", source: "none" }));
      }, 300);
    });
  };
}

function modelAnswers(answers: Answer[]): Answer[] {
  return answers.filter((a) => a.outcome.source === "model" && a.outcome.timings);
}

function figures(answers: Answer[], floors: Map<Timings, number>) {
  const shown = shownAnswers(answers);
  const latency = shown.map((a) => a.answeredAt - a.keystrokeAt);
  const model = modelAnswers(shown);
  const modelLatency = model.map((a) => a.answeredAt - a.keystrokeAt);
  const floorValues = model.map((a) => floors.get(a.outcome.timings!)).filter((f): f is number => f !== undefined);
  const all = answers.filter((a) => a.outcome.timings);
  const busy = all.reduce((n, a) => n + a.outcome.timings!.totalMs, 0);
  const wasted = all.filter((a) => !a.current || a.outcome.reason === "superseded by a newer request").reduce((n, a) => n + a.outcome.timings!.totalMs, 0);
  const evaluated = model.map((a) => a.outcome.timings!.promptTokensEvaluated);
  const p = (values: number[], q: number) => (values.length ? round(percentile(values, q)) : Number.NaN);
  return {
    requests: answers.length,
    answered: shown.length,
    fromCache: shown.filter((a) => a.outcome.source === "cache").length,
    p50Ms: p(latency, 50),
    p95Ms: p(latency, 95),
    modelP50Ms: p(modelLatency, 50),
    modelP95Ms: p(modelLatency, 95),
    floorP50Ms: p(floorValues, 50),
    ratioToFloor: floorValues.length ? round(percentile(modelLatency, 50) / percentile(floorValues, 50), 2) : Number.NaN,
    /** The same ratio without the wait for a pause in typing: what the pipeline itself adds. */
    ratioToFloorAfterDebounce: floorValues.length ? round(percentile(modelLatency.map((ms, i) => ms - (model[i]!.outcome.debounceMs ?? 0)), 50) / percentile(floorValues, 50), 2) : Number.NaN,
    debounceP50Ms: p(model.map((a) => a.outcome.debounceMs ?? 0), 50),
    promptTokensEvaluatedP50: p(evaluated, 50),
    promptTokensReusedP50: p(model.map((a) => a.outcome.timings!.promptTokensReused), 50),
    wastedCpuShare: busy > 0 ? round(wasted / busy, 3) : 0,
  };
}
