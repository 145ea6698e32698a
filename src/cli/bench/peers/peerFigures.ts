// The figures the peer benchmark reports per strategy, from its replayed answers and the model
// requests it caused.
import type { Timings } from "../../../protocol/types";
import { percentile, round } from "../stats";
import type { ModelRequest } from "./peerStrategy";
import { type PeerRun, shown, type TimedAnswer } from "./replayPeers";

export interface PeerFigures {
  shown: number;
  fromCache: number;
  p50Ms: number;
  p95Ms: number;
  floorP50Ms: number;
  cpuSeconds: number;
  cpuSecondsPerShown: number;
  wastedCpuShare: number;
  promptTokensEvaluatedP50: number;
  requests: { completion: number; prefetch: number; context: number };
  /** Tokens generated per request that ran to its end (shown or not; aborted ones say nothing about the model). */
  generatedTokens: { p10: number; p50: number; p90: number; max: number; n: number };
  /** What the shown suggestions look like: multi-line share, bracket share, length. */
  suggestions: { multiLineShare: number; withBracketShare: number; charsP50: number };
}

/** The shown answers that came from the model, with the request they came from and what it took to show them. */
export function floorInputs(run: PeerRun, requests: ModelRequest[]): Array<{ answer: TimedAnswer; floorInput: Timings }> {
  const byId = new Map(requests.map((r) => [r.id, r]));
  return shown(run)
    .filter((a) => a.source === "model" && a.requestId !== undefined && byId.has(a.requestId))
    .map((answer) => {
      const r = byId.get(answer.requestId!)!;
      return { answer, floorInput: { ...r.timings, generatedTokens: r.tokensWhenShown ?? r.timings.generatedTokens } };
    });
}

/** `floors`: the compute floor of each shown model answer's request, by request id (see floorInputs). */
export function peerFigures(run: PeerRun, requests: ModelRequest[], floors: Map<number, number>): PeerFigures {
  const seen = shown(run);
  const latency = seen.map((a) => a.answeredAt - a.keystrokeAt);
  const model = floorInputs(run, requests);
  const measured = model.filter((m) => floors.has(m.answer.requestId!));
  const p = (values: number[], q: number, digits = 1) => (values.length ? round(percentile(values, q), digits) : Number.NaN);
  const useful = new Set(seen.map((a) => a.requestId).filter((id) => id !== undefined));
  const busy = requests.reduce((n, r) => n + r.computeMs, 0);
  const wasted = requests.filter((r) => !useful.has(r.id)).reduce((n, r) => n + r.computeMs, 0);
  const generated = requests.filter((r) => r.kind !== "context" && r.finished).map((r) => r.timings.generatedTokens);
  const count = (kind: ModelRequest["kind"]) => requests.filter((r) => r.kind === kind).length;
  const share = (f: (a: TimedAnswer) => boolean) => (seen.length ? round(seen.filter(f).length / seen.length, 3) : Number.NaN);
  return {
    shown: seen.length,
    fromCache: seen.filter((a) => a.source === "cache").length,
    p50Ms: p(latency, 50),
    p95Ms: p(latency, 95),
    floorP50Ms: p(measured.map((m) => floors.get(m.answer.requestId!)!), 50),
    cpuSeconds: round(run.cpuSeconds, 2),
    cpuSecondsPerShown: seen.length ? round(run.cpuSeconds / seen.length, 3) : Number.NaN,
    wastedCpuShare: busy > 0 ? round(wasted / busy, 3) : 0,
    promptTokensEvaluatedP50: p(model.map((m) => m.floorInput.promptTokensEvaluated), 50),
    requests: { completion: count("completion"), prefetch: count("prefetch"), context: count("context") },
    generatedTokens: { p10: p(generated, 10), p50: p(generated, 50), p90: p(generated, 90), max: generated.length ? Math.max(...generated) : 0, n: generated.length },
    suggestions: { multiLineShare: share((a) => a.text.includes("\n")), withBracketShare: share((a) => /[()[\]{}]/.test(a.text)), charsP50: p(seen.map((a) => a.text.length), 50) },
  };
}
