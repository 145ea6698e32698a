// Ours and the naive strategy, through our engine worker: the strategies the completion benchmark
// already runs (src/cli/bench/completionBench.ts), adapted to the peer benchmark's records.
import type { CompletionOutcome, InfillEngine } from "../../../completion/completionPipeline";
import type { Timings } from "../../../protocol/types";
import { naiveStrategy, ourStrategy, type Strategy } from "../completionBench";
import type { Keystroke } from "../editingSession";
import { type ModelRequest, newRequestId, NOTHING, type PeerAnswer, type PeerStrategy } from "./peerStrategy";

/** Ours: exactly the editor's session (createCompletionSession with its defaults), as `bench completion` runs it. */
export function oursPeer(engine: InfillEngine, workerPid: number): PeerStrategy {
  const calls = new CallLog(engine);
  return fromEngineStrategy("ours", ourStrategy(calls.engine), workerPid, calls);
}

/** Ours with localSlm.completion.startBeforePause "never": every request waits for a pause in typing. */
export function oursWaitForPausePeer(engine: InfillEngine, workerPid: number): PeerStrategy {
  const calls = new CallLog(engine);
  return fromEngineStrategy("oursWaitForPause", ourStrategy(calls.engine, { startBeforePause: () => false }), workerPid, calls);
}

/** Ours with localSlm.completion.prefetch "never": nothing is asked for before it is needed. */
export function oursNoPrefetchPeer(engine: InfillEngine, workerPid: number): PeerStrategy {
  return fromEngineStrategy("oursNoPrefetch", ourStrategy(engine, { prefetch: () => false }), workerPid);
}

/** The naive strategy of `bench completion`: 300 ms debounce, sliding 1,500-character window, no cache, no abort. */
export function naivePeer(engine: InfillEngine, workerPid: number): PeerStrategy {
  return fromEngineStrategy("naive", naiveStrategy(engine), workerPid);
}

/**
 * Every answer the engine gave, by its timings object (the pipeline passes it on unchanged): the
 * ones no keystroke's answer carries are the scheduler's prefetches, which count as compute too.
 */
class CallLog {
  readonly calls: Array<{ timings: Timings; aborted: boolean }> = [];
  readonly engine: InfillEngine;
  constructor(inner: InfillEngine) {
    this.engine = {
      infill: async (params, options) => {
        const result = await inner.infill(params, options);
        this.calls.push({ timings: result.timings, aborted: options?.signal?.aborted ?? false });
        return result;
      },
    };
  }

  /** The calls no recorded request accounts for, as prefetch requests. */
  prefetches(recorded: readonly ModelRequest[]): ModelRequest[] {
    const known = new Set(recorded.map((r) => r.timings));
    return this.calls
      .filter((c) => !known.has(c.timings))
      .map((c) => ({ id: -1, kind: "prefetch", computeMs: c.timings.totalMs, timings: c.timings, finished: !c.aborted }));
  }
}

function fromEngineStrategy(name: string, strategy: Strategy, pid: number, calls?: CallLog): PeerStrategy {
  const requests: ModelRequest[] = [];
  // The pipeline numbers its suggestions itself; the benchmark's ids come from newRequestId. A
  // pipeline id used as a benchmark id collided with the id of an unnamed (superseded) request,
  // and a shown answer was then measured against an aborted request's timings (floor 41 ms,
  // 0 tokens evaluated, in a run with a request per keystroke): each pipeline id gets its own.
  const benchIds = new Map<number, number>();
  const benchId = (pipelineId: number | undefined) => {
    if (pipelineId === undefined) return newRequestId();
    let id = benchIds.get(pipelineId);
    if (id === undefined) benchIds.set(pipelineId, (id = newRequestId()));
    return id;
  };
  const running = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>) => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
    return p;
  };
  return {
    name,
    pid,
    get requests() {
      return calls ? [...requests, ...calls.prefetches(requests)] : requests;
    },
    keystroke(k: Keystroke): Promise<PeerAnswer | undefined> | undefined {
      const outcome = strategy(k);
      if (!outcome) return undefined;
      return track(
        outcome.then((first) => {
          const requestId = first.source === "model" || first.id !== undefined ? benchId(first.id) : undefined;
          // The whole request's compute is known when its rest (a streamed multi-line suggestion) ends.
          track(whole(first).then((all) => record(requests, all, first, requestId)));
          if (first.status !== "suggestion") return { ...NOTHING };
          return { text: first.text, source: first.source, requestId } satisfies PeerAnswer;
        }),
      );
    },
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    dispose: async () => undefined,
  };
}

async function whole(first: CompletionOutcome): Promise<CompletionOutcome> {
  return first.rest ? first.rest.catch(() => first) : first;
}

function record(requests: ModelRequest[], all: CompletionOutcome, first: CompletionOutcome, requestId: number | undefined): void {
  if (first.source === "cache" || !all.timings) return; // superseded requests carry the timings of the work they did
  requests.push({
    id: requestId ?? newRequestId(), // a request without a suggestion is never looked up
    kind: "completion",
    computeMs: all.timings.totalMs,
    timings: all.timings,
    finished: all.status !== "superseded",
    ...(first.streamedTokens !== undefined ? { tokensWhenShown: first.streamedTokens } : {}),
  });
}
