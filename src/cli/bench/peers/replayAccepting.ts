// The peer replay with a user who accepts suggestions: what prefetching the next suggestion is for.
// At each pause in the script (the next keystroke PAUSE_MS or more away), once the answer to the
// last keystroke is shown, the user reads it for READ_MS and presses Tab: the suggestion goes into
// the document and the strategy is asked at the new spot. Measured: the time from Tab to the next
// suggestion (none within WAIT_MS counts as none). Then the script goes on: its next keystroke
// restores its own text (the acceptance undone), its times shifted by the time the episode took.
import { waitUnlessAborted } from "../../../completion/scheduling/adaptiveDebounce";
import type { Keystroke } from "../editingSession";
import { percentile, round } from "../stats";
import type { PeerStrategy } from "./peerStrategy";
import { cpuSeconds } from "./processCpu";
import { GRACE_MS } from "./replayPeers";

export const PAUSE_MS = 500;
export const READ_MS = 300;
export const WAIT_MS = 3000;

export interface Acceptance {
  /** Tab to the next suggestion shown, ms; undefined: nothing within WAIT_MS (or nothing to show). */
  nextMs?: number;
  source?: "model" | "cache" | "none";
}

export interface AcceptingRun {
  /** Suggestions shown at a pause (the ones the user accepts). */
  shownAtPause: number;
  acceptances: Acceptance[];
  cpuSeconds: number;
  wallSeconds: number;
}

export interface AcceptingFigures {
  accepted: number;
  /** Acceptances followed by a suggestion within WAIT_MS. */
  nextShown: number;
  /** Of those, answered from the strategy's cache (a finished prefetch). */
  nextFromCache: number;
  nextP50Ms: number;
  nextP95Ms: number;
  cpuSeconds: number;
  cpuSecondsPerShown: number;
}

export async function replayAccepting(session: Keystroke[], strategy: PeerStrategy): Promise<AcceptingRun> {
  const cpuBefore = cpuSeconds(strategy.pid);
  const started = performance.now();
  let shift = 0;
  let shownAtPause = 0;
  const acceptances: Acceptance[] = [];
  const wait = (untilMs: number) => {
    const ms = started + untilMs - performance.now();
    return ms > 0 ? waitUnlessAborted(ms, new AbortController().signal) : Promise.resolve(true);
  };
  for (const [index, keystroke] of session.entries()) {
    await wait(keystroke.atMs + shift);
    const answer = strategy.keystroke(keystroke);
    const next = session[index + 1];
    if (!answer || (next && next.atMs - keystroke.atMs < PAUSE_MS)) continue;
    // A pause: the answer counts if it comes before the user would type again.
    const pauseEnds = next ? next.atMs + shift : keystroke.atMs + shift + WAIT_MS;
    const shown = await Promise.race([answer, wait(pauseEnds).then(() => undefined)]);
    if (!shown || shown.text.trim() === "") continue;
    shownAtPause++;
    await wait(performance.now() - started + READ_MS);
    const tab = { ...accept(keystroke, shown.text), atMs: performance.now() - started };
    const tabbed = performance.now();
    const after = strategy.keystroke(tab);
    const nextAnswer = after ? await Promise.race([after, wait(tab.atMs + WAIT_MS).then(() => undefined)]) : undefined;
    const gotOne = nextAnswer !== undefined && nextAnswer.text.trim() !== "";
    acceptances.push(gotOne ? { nextMs: performance.now() - tabbed, source: nextAnswer.source } : {});
    // Whatever the episode took pushes the rest of the script back (the user was busy accepting).
    const late = performance.now() - started - (next?.atMs ?? 0) - shift;
    if (late > 0) shift += late;
  }
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, GRACE_MS).unref());
  await Promise.race([strategy.idle(), deadline]);
  return { shownAtPause, acceptances, cpuSeconds: cpuSeconds(strategy.pid) - cpuBefore, wallSeconds: (performance.now() - started) / 1000 };
}

/** The keystroke's document with `suggestion` inserted at its cursor, the cursor after it. */
export function accept(k: Keystroke, suggestion: string): Keystroke {
  const lines = k.text.split("\n");
  const offset = lines.slice(0, k.line).reduce((n, line) => n + line.length + 1, 0) + k.character;
  const inserted = suggestion.split("\n");
  const line = k.line + inserted.length - 1;
  const character = inserted.length === 1 ? k.character + suggestion.length : inserted.at(-1)!.length;
  return { ...k, text: k.text.slice(0, offset) + suggestion + k.text.slice(offset), line, character };
}

export function acceptingFigures(run: AcceptingRun): AcceptingFigures {
  const next = run.acceptances.filter((a) => a.nextMs !== undefined);
  const ms = next.map((a) => a.nextMs!);
  const shown = run.shownAtPause + next.length;
  return {
    accepted: run.acceptances.length,
    nextShown: next.length,
    nextFromCache: next.filter((a) => a.source === "cache").length,
    nextP50Ms: round(percentile(ms, 50)),
    nextP95Ms: round(percentile(ms, 95)),
    cpuSeconds: round(run.cpuSeconds, 1),
    cpuSecondsPerShown: shown === 0 ? 0 : round(run.cpuSeconds / shown, 2),
  };
}
