// Plays an editing session into a strategy at the keystrokes' times and records, for each answer,
// when it came and whether it was still current (no later keystroke): only a current answer is shown.
import { waitUnlessAborted } from "../../../completion/scheduling/adaptiveDebounce";
import type { Keystroke } from "../editingSession";
import type { PeerAnswer, PeerStrategy } from "./peerStrategy";
import { cpuSeconds } from "./processCpu";

export interface TimedAnswer extends PeerAnswer {
  keystrokeAt: number;
  answeredAt: number;
  current: boolean;
}

export interface PeerRun {
  answers: TimedAnswer[];
  /** CPU-seconds the inference process used during the run (idle tail included, until the strategy was idle). */
  cpuSeconds: number;
  wallSeconds: number;
}

/**
 * Answers later than this after the last keystroke are not waited for (a strategy that queues
 * requests without aborting them, the naive one, can take many minutes on a busy machine): they
 * count as not shown, and the compute they took until then is in the CPU figure.
 */
export const GRACE_MS = 60_000;

export async function replayPeers(session: Keystroke[], strategy: PeerStrategy, graceMs = GRACE_MS): Promise<PeerRun> {
  const cpuBefore = cpuSeconds(strategy.pid);
  const started = performance.now();
  const pending: Promise<TimedAnswer | undefined>[] = [];
  let latest = -1;
  for (const [index, keystroke] of session.entries()) {
    const wait = started + keystroke.atMs - performance.now();
    if (wait > 0) await waitUnlessAborted(wait, new AbortController().signal);
    latest = index;
    const at = performance.now();
    const answer = strategy.keystroke(keystroke);
    if (answer) {
      pending.push(answer.then((a) => (a ? { ...a, keystrokeAt: at, answeredAt: performance.now(), current: latest === index } : undefined)));
    }
  }
  const deadline = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), graceMs).unref());
  const answers = (await Promise.all(pending.map((p) => Promise.race([p, deadline])))).filter((a): a is TimedAnswer => a !== undefined);
  await Promise.race([strategy.idle(), deadline]);
  return { answers, cpuSeconds: cpuSeconds(strategy.pid) - cpuBefore, wallSeconds: (performance.now() - started) / 1000 };
}

/** Answers the user saw: current, with text. */
export function shown(run: PeerRun): TimedAnswer[] {
  return run.answers.filter((a) => a.current && a.text.trim() !== "");
}
