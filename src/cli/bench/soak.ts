// `local-slm bench soak`: replays the completion benchmark's editing session through the worker,
// round after round, for a given time, and compares the start with the end: host and worker
// memory (after a warm-up round), open file handles, child processes, and suggestion latency.
// Exits 1 when the worker's RSS or the host's heap (V8 heap used + external buffers) grows by more
// than 5% (the host's RSS is printed, not limited: see below), or handles or processes leak.
// Figures, not a timed test.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EngineClient } from "../../host/engineClient";
import { resolveThreadCount } from "../../shared/threads";
import { workerPath } from "../engineSession";
import { intOption, modelPathOption, parse } from "../options";
import { printResult } from "../output";
import { ourStrategy, replay, shownAnswers } from "./completionBench";
import { buildSession, type Keystroke } from "./editingSession";
import { percentile, round } from "./stats";
import { forkWorker } from "../../host/engineWorker";

const MIB = 1024 * 1024;
const MAX_MEMORY_GROWTH = 0.05;

interface Sample {
  atS: number;
  hostRssMiB: number;
  /** JavaScript heap and external buffers in use after a collection: what the host keeps, without allocator slack. */
  hostHeapMiB: number;
  workerRssMiB: number;
  workerHeapMiB: number;
  hostFds: number;
  workerFds: number;
  childProcesses: number;
  p50Ms: number;
}

export async function soakBench(args: string[]): Promise<void> {
  const { values } = parse(args, { minutes: { type: "string" }, speed: { type: "string" } });
  const modelPath = modelPathOption(values.model);
  const threads = resolveThreadCount(intOption("threads", values.threads, 0));
  const minutes = Number(values.minutes ?? 30);
  const speed = Number(values.speed ?? 1);
  const say = (line: string) => !values.json && process.stderr.write(`${line}\n`);
  const session = buildSession(join(__dirname, "..", "src", "cli", "bench", "session-files")).map((k): Keystroke => ({ ...k, atMs: k.atMs / speed }));
  const roundS = session.at(-1)!.atMs / 1000;
  say(`bench soak: ${modelPath}, ${threads} threads, ${minutes} min, rounds of ${round(roundS)} s (${session.length} keystrokes, speed x${speed})`);

  const engine = new EngineClient({
    createWorker: forkWorker({ workerPath: workerPath(), execArgv: ["--expose-gc"] }),
    getConfig: () => ({ modelPath, threads, contextSize: 4096, gpu: "off", idleUnloadMs: 0 }),
    log: ({ level, message }) => level === "error" && process.stderr.write(`[worker] ${message}\n`),
  });
  const samples: Sample[] = [];
  const started = performance.now();
  let crashes = 0;
  engine.onDidWorkerExit(() => crashes++);
  try {
    await engine.ensureModel();
    const strategy = ourStrategy(engine);
    let rounds = 0;
    do {
      // Each round as other documents: the suggestion cache sees new keys (and must stay bounded)
      // and the model works every round instead of the cache answering a replay.
      rounds++;
      const answers = await replay(session.map((k) => ({ ...k, file: `${k.file}#${rounds}` })), strategy);
      const latencies = shownAnswers(answers).map((a) => a.answeredAt - a.keystrokeAt);
      const sample = await measure(engine, (performance.now() - started) / 1000, latencies.length ? percentile(latencies, 50) : Number.NaN);
      samples.push(sample);
      say(`  ${round(sample.atS)} s: host ${sample.hostRssMiB} MiB (heap ${sample.hostHeapMiB}), worker ${sample.workerRssMiB} MiB (heap ${sample.workerHeapMiB}), fds ${sample.hostFds}/${sample.workerFds}, children ${sample.childProcesses}, p50 ${round(sample.p50Ms)} ms`);
    } while (performance.now() - started < minutes * 60_000);
  } finally {
    await engine.dispose();
  }

  // The first rounds warm up (KV cache, suggestion cache filling to its bound, JIT, heap sizing):
  // growth is measured from the end of the third round, or after a tenth of the time if later.
  // (Measured on the tiny model: the worker's RSS reaches its plateau during the third round.)
  const warmUpS = Math.max(minutes * 6, samples[2]?.atS ?? 0);
  const first = samples.find((s) => s.atS >= warmUpS && s !== samples.at(-1)) ?? samples[0]!;
  const last = samples.at(-1)!;
  const growth = (a: number, b: number) => round((b - a) / a, 3);
  const result = {
    rounds: samples.length,
    minutes: round((performance.now() - started) / 60_000, 1),
    workerCrashes: crashes,
    hostRssMiB: { afterWarmUp: first.hostRssMiB, end: last.hostRssMiB, growth: growth(first.hostRssMiB, last.hostRssMiB) },
    hostHeapMiB: { afterWarmUp: first.hostHeapMiB, end: last.hostHeapMiB, growth: growth(first.hostHeapMiB, last.hostHeapMiB) },
    workerRssMiB: { afterWarmUp: first.workerRssMiB, end: last.workerRssMiB, growth: growth(first.workerRssMiB, last.workerRssMiB) },
    openFiles: { host: [first.hostFds, last.hostFds], worker: [first.workerFds, last.workerFds] },
    childProcesses: [first.childProcesses, last.childProcesses],
    p50Ms: { afterWarmUp: round(first.p50Ms), end: round(last.p50Ms) },
    samples,
  };
  const problems = [
    // The host's RSS swings by +-20% from round to round in a 60-MiB process (allocator slack that
    // is handed back later, measured): what it keeps is its heap and buffers, and that is judged.
    result.hostHeapMiB.growth > MAX_MEMORY_GROWTH && `host heap grew ${result.hostHeapMiB.growth * 100}%`,
    result.workerRssMiB.growth > MAX_MEMORY_GROWTH && `worker memory grew ${result.workerRssMiB.growth * 100}%`,
    last.hostFds > first.hostFds && `host file handles ${first.hostFds} -> ${last.hostFds}`,
    last.workerFds > first.workerFds && `worker file handles ${first.workerFds} -> ${last.workerFds}`,
    last.childProcesses > first.childProcesses && `child processes ${first.childProcesses} -> ${last.childProcesses}`,
    crashes > 0 && `${crashes} worker exits`,
  ].filter(Boolean);
  say(problems.length ? `soak: FAILED: ${problems.join("; ")}` : "soak: no growth beyond limits");
  printResult(true, { ...result, ok: problems.length === 0, problems });
  if (problems.length) process.exitCode = 1;
}

async function measure(engine: EngineClient, atS: number, p50Ms: number): Promise<Sample> {
  // Let the garbage collector settle so that RSS reflects what is kept, not what is waiting.
  (globalThis as { gc?: () => void }).gc?.();
  const status = await engine.status();
  const workerPid = engine.workerPid;
  return {
    atS: round(atS),
    hostRssMiB: round(process.memoryUsage.rss() / MIB),
    hostHeapMiB: round((process.memoryUsage().heapUsed + process.memoryUsage().external) / MIB),
    workerRssMiB: round((status?.rssBytes ?? 0) / MIB),
    workerHeapMiB: round((status?.heapBytes ?? 0) / MIB),
    hostFds: countFds(process.pid),
    workerFds: workerPid ? countFds(workerPid) : 0,
    childProcesses: childrenOf(process.pid),
    p50Ms,
  };
}

function countFds(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return Number.NaN; // not Linux
  }
}

function childrenOf(pid: number): number {
  let count = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces, so parse after ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) count++;
    } catch {
      // the process ended while we looked
    }
  }
  return count;
}
