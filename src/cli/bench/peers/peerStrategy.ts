// What every strategy in the peer benchmark gives back, so one replay and one set of figures serve
// ours, the naive one and the peers' client policies alike.
import type { Timings } from "../../../protocol/types";
import type { Keystroke } from "../editingSession";

/** One answer to one keystroke (or nothing: a strategy may skip or drop a keystroke). */
export interface PeerAnswer {
  /** What the editor would show; "" shows nothing. */
  text: string;
  source: "model" | "cache" | "none";
  /** The model request whose output this is (a cache hit names the request that filled the cache). */
  requestId?: number;
}

/** One request the model ran, whoever asked for it (a completion, a prefetch, a context update). */
export interface ModelRequest {
  id: number;
  kind: "completion" | "prefetch" | "context";
  /** Compute the request took in the inference process, ms (what the server or engine reports). */
  computeMs: number;
  /** Prompt tokens, evaluated and reused; tokens generated (for the floor and the distribution). */
  timings: Timings;
  /** Generated tokens by the time the answer was shown (a streamed first line), when fewer than all. */
  tokensWhenShown?: number;
  /** Ran to its end (not aborted or stopped by the client): its generated tokens are the model's choice. */
  finished: boolean;
}

export interface PeerStrategy {
  readonly name: string;
  /** The process doing the inference, charged with its CPU time. */
  readonly pid: number;
  /** Called at each keystroke; the promise settles when this keystroke's answer is known. */
  keystroke(k: Keystroke): Promise<PeerAnswer | undefined> | undefined;
  /** Every model request so far. */
  readonly requests: ModelRequest[];
  /** Settles when the strategy has nothing running (background prefetches included). */
  idle(): Promise<void>;
  dispose(): Promise<void>;
}

export const NOTHING: PeerAnswer = { text: "", source: "none" };

let nextId = 1;
export function newRequestId(): number {
  return nextId++;
}
