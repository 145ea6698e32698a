// `local-slm bench peers`: one editing session replayed, in one run, through our editor session,
// llama.vscode's and Continue's client policies against llama-server (same model file, same
// threads), and the naive strategy; latency from the last keystroke, the compute floor of the same
// requests, CPU per shown suggestion, wasted compute. Figures only; nothing is asserted.
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { basename, join } from "node:path";
import { EngineClient } from "../../../host/engineClient";
import { forkWorker } from "../../../host/engineWorker";
import type { Timings } from "../../../protocol/types";
import { resolveThreadCount } from "../../../shared/threads";
import { CliError } from "../../cliError";
import { workerPath } from "../../engineSession";
import { intOption, modelPathOption, parse } from "../../options";
import { printResult } from "../../output";
import { measureFloors } from "../computeFloor";
import { buildSession, type Keystroke, SESSION_SEGMENTS, type Segment } from "../editingSession";
import { latencyChartSvg } from "../latencyChart";
import { round } from "../stats";
import { continuePeer } from "./continuePolicy";
import { naivePeer, oursNoPrefetchPeer, oursPeer, oursWaitForPausePeer } from "./engineStrategies";
import { llamaServerBinary, startLlamaServer } from "./llamaServerProcess";
import { llamaVscodePeer } from "./llamaVscode";
import { floorInputs, peerFigures, type PeerFigures } from "./peerFigures";
import type { PeerStrategy } from "./peerStrategy";
import { type PeerRun, replayPeers, shown } from "./replayPeers";
import { type AcceptingRun, acceptingFigures, type AcceptingFigures, replayAccepting } from "./replayAccepting";
import { sampledEngine, BENCH_TEMPERATURE } from "../sampling";
import { childPids } from "./processCpu";

/** More places to type, in three more languages, after the completion benchmark's session. */
export const PEER_SEGMENTS: Segment[] = [
  { file: "rateLimiter.js", startLine: 22, lines: 5 },
  { file: "graph.rs", startLine: 34, lines: 4 },
  { file: "OrderBook.java", startLine: 26, lines: 5 },
  { file: "rateLimiter.js", startLine: 82, lines: 4 },
  { file: "graph.rs", startLine: 61, lines: 4 },
];

export const STRATEGY_NAMES = ["ours", "oursWaitForPause", "oursNoPrefetch", "llamaVscode", "llamaVscodePlainSampling", "continue", "naive"] as const;
type StrategyName = (typeof STRATEGY_NAMES)[number];

export function peerSession(root: string, limitSegments?: number): Keystroke[] {
  const first = buildSession(join(root, "src", "cli", "bench", "session-files"), SESSION_SEGMENTS.slice(0, limitSegments));
  const more = limitSegments !== undefined && limitSegments <= SESSION_SEGMENTS.length ? [] : buildSession(join(root, "src", "cli", "bench", "peers", "session-files"), PEER_SEGMENTS, 11);
  const offset = (first.at(-1)?.atMs ?? 0) + 1000;
  return [...first, ...more.map((k) => ({ ...k, atMs: k.atMs + offset }))];
}

export async function peersBench(args: string[]): Promise<void> {
  const { values } = parse(args, { chart: { type: "string" }, only: { type: "string" }, segments: { type: "string" }, accept: { type: "boolean" } });
  const modelPath = modelPathOption(values.model);
  const threads = resolveThreadCount(intOption("threads", values.threads, 0));
  const root = join(__dirname, "..");
  const only = values.only ? (values.only.split(",") as StrategyName[]) : [...STRATEGY_NAMES];
  const unknown = only.filter((n) => !STRATEGY_NAMES.includes(n));
  if (unknown.length) throw new CliError(`--only takes ${STRATEGY_NAMES.join(", ")}; not ${unknown.join(", ")}.`);
  const segments = values.segments ? intOption("segments", values.segments, SESSION_SEGMENTS.length) : undefined;
  const session = peerSession(root, segments);
  const say = (line: string) => !values.json && process.stderr.write(`${line}\n`);
  const loadBefore = loadavg().map((l) => round(l, 2));
  say(`bench peers: ${modelPath}, ${threads} threads, ${session.length} keystrokes over ${round(session.at(-1)!.atMs / 1000)} s; load ${loadBefore.join(" ")}`);

  const runs = new Map<StrategyName, { run: PeerRun; strategy: PeerStrategy }>();
  const accepting = new Map<StrategyName, AcceptingRun>();
  const play = async (name: StrategyName, strategy: PeerStrategy) => {
    if (values.accept) {
      try {
        accepting.set(name, await replayAccepting(session, strategy));
      } finally {
        await strategy.dispose();
      }
      const f = acceptingFigures(accepting.get(name)!);
      say(`  ${name}: ${f.accepted} accepted, next shown ${f.nextShown} (${f.nextFromCache} from cache), p50 ${f.nextP50Ms} ms, p95 ${f.nextP95Ms} ms after Tab; ${f.cpuSeconds} CPU-s, ${f.cpuSecondsPerShown} per shown`);
      return;
    }
    try {
      runs.set(name, { run: await replayPeers(session, strategy), strategy });
    } finally {
      await strategy.dispose();
    }
    const run = runs.get(name)!.run;
    say(`  ${name}: ${run.answers.length} answers, ${shown(run).length} shown, ${strategy.requests.length} model requests, ${round(run.cpuSeconds, 1)} CPU-s in ${round(run.wallSeconds)} s`);
  };

  if (only.some((name) => name.startsWith("ours")) || only.includes("naive")) {
    const engine = new EngineClient({
      createWorker: forkWorker({ workerPath: workerPath() }),
      getConfig: () => ({ modelPath, threads, contextSize: 4096, gpu: "off", idleUnloadMs: 0 }),
      log: ({ level, message }) => level === "error" && process.stderr.write(`[worker] ${message}\n`),
    });
    try {
      await engine.ensureModel();
      const [pid] = childPids("worker.js");
      if (pid === undefined) throw new CliError("bench peers: cannot find the engine worker process to measure its CPU time.");
      const sampled = sampledEngine(engine);
      if (only.includes("ours")) await play("ours", oursPeer(sampled, pid));
      if (only.includes("oursWaitForPause")) await play("oursWaitForPause", oursWaitForPausePeer(sampled, pid));
      if (only.includes("oursNoPrefetch")) await play("oursNoPrefetch", oursNoPrefetchPeer(sampled, pid));
      if (only.includes("naive")) await play("naive", naivePeer(sampled, pid));
    } finally {
      await engine.dispose();
    }
  }
  if (only.includes("llamaVscode") || only.includes("llamaVscodePlainSampling") || only.includes("continue")) {
    const server = await startLlamaServer({ binary: llamaServerBinary(root), model: modelPath, threads, contextSize: 4096 });
    try {
      if (only.includes("llamaVscode")) await play("llamaVscode", llamaVscodePeer(server));
      if (only.includes("llamaVscodePlainSampling")) await play("llamaVscodePlainSampling", llamaVscodePeer(server, "plainSampling"));
      if (only.includes("continue")) await play("continue", continuePeer(server));
    } finally {
      await server.stop();
    }
  }

  if (values.accept) {
    const figures: Partial<Record<StrategyName, AcceptingFigures>> = Object.fromEntries([...accepting].map(([name, run]) => [name, acceptingFigures(run)]));
    printResult(true, { model: basename(modelPath), threads, accepting: true, loadAverage: { before: loadBefore, after: loadavg().map((l) => round(l, 2)) }, strategies: figures });
    return;
  }
  // The floor of every shown model answer, measured in this process on the same model and threads.
  const shownFromModel = new Map([...runs.entries()].map(([name, { run, strategy }]) => [name, floorInputs(run, strategy.requests)] as const));
  const inputs: Timings[] = [...shownFromModel.values()].flatMap((list) => list.map((m) => m.floorInput));
  say(`  measuring the compute floor of ${inputs.length} shown answers`);
  const floors = await measureFloors(modelPath, threads, inputs);
  const strategies: Partial<Record<StrategyName, PeerFigures>> = {};
  for (const name of STRATEGY_NAMES) {
    const entry = runs.get(name);
    if (!entry) continue;
    // Request ids repeat across strategies (each numbers its own): one map per strategy.
    const byRequest = new Map(shownFromModel.get(name)!.map((m) => [m.answer.requestId!, floors.get(m.floorInput)!] as const));
    strategies[name] = peerFigures(entry.run, entry.strategy.requests, byRequest);
  }
  const loadAfter = loadavg().map((l) => round(l, 2));
  for (const [name, f] of Object.entries(strategies)) {
    say(`${name}: ${f.shown} shown (${f.fromCache} from cache), p50 ${f.p50Ms} ms, p95 ${f.p95Ms} ms, floor p50 ${f.floorP50Ms} ms, ${f.cpuSecondsPerShown} CPU-s per shown, wasted ${f.wastedCpuShare}, evaluated p50 ${f.promptTokensEvaluatedP50}, generated p10/p50/p90 ${f.generatedTokens.p10}/${f.generatedTokens.p50}/${f.generatedTokens.p90}`);
  }
  if (values.chart) {
    const colors: Record<StrategyName, string> = { ours: "#1f77b4", oursWaitForPause: "#17becf", oursNoPrefetch: "#7f7f7f", llamaVscode: "#2ca02c", llamaVscodePlainSampling: "#8c564b", continue: "#9467bd", naive: "#d62728" };
    const series = [...runs.entries()].map(([name, { run }]) => ({ name, color: colors[name], valuesMs: shown(run).map((a) => a.answeredAt - a.keystrokeAt) }));
    writeFileSync(values.chart, latencyChartSvg(`bench peers: ${basename(modelPath)}, ${threads} threads, load ${loadBefore[0]}`, series));
    say(`chart: ${values.chart}`);
  }
  printResult(true, {
    model: basename(modelPath),
    threads,
    sampling: { temperature: BENCH_TEMPERATURE, seed: "from each request's text" },
    session: { keystrokes: session.length, seconds: round(session.at(-1)!.atMs / 1000) },
    loadAverage: { before: loadBefore, after: loadAfter },
    strategies,
  });
}
