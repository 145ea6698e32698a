// `local-slm bench completion`: replays an editing session through the same pipeline as the
// editor, for our strategy and a naive one, and prints latency, the compute floor, KV reuse and
// wasted work. Figures only; nothing is asserted.
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { basename, join } from "node:path";
import { CompletionPipeline, DEFAULT_PIPELINE, type CompletionOutcome, type InfillEngine, SUPERSEDED } from "../../completion/completionPipeline";
import { createCompletionSession, type SessionOptions } from "../../completion/completionSession";
import { linesFromText } from "../../completion/context/documentLines";
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
import { BENCH_TEMPERATURE, sampledEngine } from "./sampling";

export interface Answer {
  keystrokeAt: number;
  answeredAt: number;
  /** What the user was shown: for a streamed multi-line suggestion, its first line. */
  outcome: CompletionOutcome;
  /** The whole request's outcome (its rest, when streamed): timings and the compute it used. */
  whole: CompletionOutcome;
  /** Shown to the user: the newest answer for the document as it is. */
  current: boolean;
}

export async function completionBench(args: string[]): Promise<void> {
  const { values } = parse(args, { chart: { type: "string" }, record: { type: "string" } });
  const modelPath = modelPathOption(values.model);
  const threads = resolveThreadCount(intOption("threads", values.threads, 0));
  const say = (line: string) => !values.json && process.stderr.write(`${line}\n`);
  const session = buildSession(join(__dirname, "..", "src", "cli", "bench", "session-files"));
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
    // Sampled as the peer benchmark samples (./sampling.ts): the code-statistics model loops when greedy.
    const sampled = sampledEngine(engine);
    ours = await replay(session, ourStrategy(sampled));
    say(`  ours: ${ours.length} answers`);
    naive = await replay(session, naiveStrategy(sampled));
    say(`  naive: ${naive.length} answers`);
  } finally {
    await engine.dispose();
  }
  // The floor of every shown answer from the model: the prompt tokens it evaluated and the tokens
  // generated until it was shown (a streamed first line: until that line).
  const oursShown = modelShown(ours);
  const naiveShown = modelShown(naive);
  const floors = await measureFloors(modelPath, threads, [...oursShown, ...naiveShown].map((m) => m.floorInput));
  const result = { ...figures(ours, oursShown, floors), naive: figures(naive, naiveShown, floors) };
  (result as Record<string, unknown>).speedupP50 = round(result.naive.p50Ms / result.p50Ms, 2);
  for (const [name, f] of [["ours", result], ["naive", result.naive]] as const) {
    say(`${name}: ${f.shown} shown, p50 ${f.p50Ms} ms, p95 ${f.p95Ms} ms; per-request latency/floor p10/p50/p90 ${f.ratioToFloor.p10}/${f.ratioToFloor.p50}/${f.ratioToFloor.p90} (without the debounce: p50 ${f.ratioToFloorAfterDebounce.p50}, debounce p50 ${f.debounceP50Ms} ms); floor p50 ${f.floorP50Ms} ms; evaluated p50 ${f.promptTokensEvaluatedP50}; wasted ${f.wastedCpuShare}`);
  }
  if (values.chart) {
    const latencies = (answers: Answer[]) => shownAnswers(answers).map((a) => a.answeredAt - a.keystrokeAt);
    const svg = latencyChartSvg(`bench completion: ${basename(modelPath)}, ${threads} threads`, [
      { name: "local-slm", color: "#1f77b4", valuesMs: latencies(ours) },
      { name: "naive", color: "#d62728", valuesMs: latencies(naive) },
    ]);
    writeFileSync(values.chart, svg);
    say(`chart: ${values.chart}`);
  }
  // The README's figures are regenerated from this record (scripts/readme-figures.mjs): the
  // prose cannot drift from the table again.
  if (values.record) writeFileSync(values.record, `${JSON.stringify({ command: `npm run bench:completion`, ...runContext(modelPath, threads, session.length), result }, null, 2)}\n`);
  printResult(true, result);
}

/** When, where and on what a run was made, stored with its figures. */
export function runContext(modelPath: string, threads: number, keystrokes: number) {
  return {
    date: new Date().toISOString().slice(0, 10),
    model: basename(modelPath),
    threads,
    keystrokes,
    sampling: { temperature: BENCH_TEMPERATURE, seed: "from each request's text" },
    cpu: `${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}`,
    loadAverageAtEnd: loadavg().map((l) => round(l, 2)),
  };
}

/** Answers the user saw: a suggestion for the document as it was. */
export function shownAnswers(answers: Answer[]): Answer[] {
  return answers.filter((a) => a.current && a.outcome.status === "suggestion");
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
      pending.push(
        request.then(async (outcome) => {
          const answeredAt = performance.now();
          const current = latestKeystroke === index;
          const whole = outcome.rest ? await outcome.rest.catch(() => outcome) : outcome;
          return { keystrokeAt: at, answeredAt, outcome, whole, current };
        }),
      );
    }
  }
  return Promise.all(pending);
}

function request(k: Keystroke) {
  return { doc: linesFromText(k.text, k.languageId), position: { line: k.line, character: k.character }, documentKey: k.file };
}

/**
 * The editor's strategy: the session the inline provider creates, with its default options
 * (streamed first lines, related files), fed every keystroke as an edit, as the editor does.
 */
export function ourStrategy(engine: InfillEngine, options: SessionOptions = {}): Strategy {
  // As the editor on mains power with no CPU budget: starting before the pause and prefetching
  // are allowed (they then happen while the worker reports an idle machine).
  const session = createCompletionSession(engine, { startBeforePause: () => true, prefetch: () => true, ...options });
  let activeFile: string | undefined;
  return (k) => {
    const r = request(k);
    if (k.file !== activeFile) {
      activeFile = k.file;
      session.activeDocumentChanged();
    }
    session.edited({ key: k.file, path: k.file, doc: r.doc }, k.line);
    return session.request(r);
  };
}

/**
 * The naive strategy: a fixed 300 ms debounce, a 1,500-character prefix window that slides with
 * every character (its start, so nothing is reused from the KV cache: the files are longer than
 * the window), no cache, no streaming, no related files, and no abort: requests queue and run to
 * the end.
 */
export function naiveStrategy(engine: InfillEngine): Strategy {
  const options = { ...DEFAULT_PIPELINE, useCache: false, streamFirstLine: false, window: { ...DEFAULT_PIPELINE.window, prefixLines: 100_000, prefixChars: 1500, prefixCharStep: 1 } };
  const pipeline = new CompletionPipeline(engine, () => options);
  let timer: NodeJS.Timeout | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let resolveLatest: ((outcome: CompletionOutcome) => void) | undefined;
  return (k) => {
    if (timer) clearTimeout(timer);
    resolveLatest?.(SUPERSEDED);
    return new Promise<CompletionOutcome>((resolve) => {
      resolveLatest = resolve;
      timer = setTimeout(() => {
        resolveLatest = undefined;
        const run = queue.then(() => pipeline.complete({ ...request(k), signal: new AbortController().signal }));
        queue = run.catch(() => undefined);
        run.then((outcome) => resolve({ ...outcome, debounceMs: 300 }), () => resolve({ status: "empty", text: "", reason: "error", source: "none" }));
      }, 300);
    });
  };
}

/** Shown answers from the model, with the work it took to show them. */
function modelShown(answers: Answer[]): { answer: Answer; floorInput: Timings }[] {
  return shownAnswers(answers)
    .filter((a) => a.outcome.source === "model" && a.whole.timings)
    .map((answer) => ({ answer, floorInput: { ...answer.whole.timings!, generatedTokens: answer.outcome.streamedTokens ?? answer.whole.timings!.generatedTokens } }));
}

function figures(answers: Answer[], shownFromModel: ReturnType<typeof modelShown>, floors: Map<Timings, number>) {
  const shown = shownAnswers(answers);
  const latency = shown.map((a) => a.answeredAt - a.keystrokeAt);
  const model = shownFromModel.filter((m) => floors.has(m.floorInput));
  const latencyOf = (a: Answer) => a.answeredAt - a.keystrokeAt;
  const ratios = model.map((m) => latencyOf(m.answer) / floors.get(m.floorInput)!);
  const ratiosAfterDebounce = model.map((m) => (latencyOf(m.answer) - (m.answer.outcome.debounceMs ?? 0)) / floors.get(m.floorInput)!);
  // Compute: every request's whole generation; wasted when nobody saw its result.
  const all = answers.filter((a) => a.whole.timings);
  const busy = all.reduce((n, a) => n + a.whole.timings!.totalMs, 0);
  const wasted = all.filter((a) => !a.current || a.whole.status === "superseded").reduce((n, a) => n + a.whole.timings!.totalMs, 0);
  const p = (values: number[], q: number, digits = 1) => (values.length ? round(percentile(values, q), digits) : Number.NaN);
  const distribution = (values: number[]) => ({ p10: p(values, 10, 2), p50: p(values, 50, 2), p90: p(values, 90, 2), n: values.length });
  return {
    requests: answers.length,
    shown: shown.length,
    fromCache: shown.filter((a) => a.outcome.source === "cache").length,
    streamedFirstLines: shown.filter((a) => a.outcome.rest).length,
    p50Ms: p(latency, 50),
    p95Ms: p(latency, 95),
    floorP50Ms: p(model.map((m) => floors.get(m.floorInput)!), 50),
    /** Latency over the compute floor, per shown model answer: the median of the ratios, and their spread. */
    ratioToFloor: distribution(ratios),
    /** The same without the wait for a pause in typing: what the pipeline itself adds. */
    ratioToFloorAfterDebounce: distribution(ratiosAfterDebounce),
    debounceP50Ms: p(model.map((m) => m.answer.outcome.debounceMs ?? 0), 50),
    promptTokensEvaluatedP50: p(model.map((m) => m.answer.whole.timings!.promptTokensEvaluated), 50),
    promptTokensReusedP50: p(model.map((m) => m.answer.whole.timings!.promptTokensReused), 50),
    generatedTokensP50: p(all.map((a) => a.whole.timings!.generatedTokens), 50),
    wastedCpuShare: busy > 0 ? round(wasted / busy, 3) : 0,
  };
}
