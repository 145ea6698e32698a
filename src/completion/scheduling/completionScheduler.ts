// When to ask: a request per pause in typing, the newest request always wins, and a stale one is
// aborted at once (prompt processing included), so at most one generation runs and no CPU is
// spent on text nobody will see. Cached suggestions are answered without waiting.
import type { CompletionOutcome, CompletionPipeline, CompletionRequest } from "../completionPipeline";
import { AdaptiveDebounce, waitUnlessAborted } from "./adaptiveDebounce";

export class CompletionScheduler {
  private inFlight: AbortController | undefined;
  readonly debounce = new AdaptiveDebounce();

  constructor(
    private readonly pipeline: CompletionPipeline,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Called on every keystroke (document change): feeds the typing-speed estimate. */
  recordKeystroke(): void {
    this.debounce.recordKeystroke(this.now());
  }

  /**
   * Answers a request: from the cache at once, else after the debounce, from the model. Resolves
   * "superseded" when a newer request (or the caller's signal) cancels it.
   */
  async request(
    request: Omit<CompletionRequest, "signal">,
    callerSignal?: AbortSignal,
    { immediate = false }: { immediate?: boolean } = {},
  ): Promise<CompletionOutcome> {
    this.inFlight?.abort();
    const mine = new AbortController();
    this.inFlight = mine;
    const signal = callerSignal ? AbortSignal.any([callerSignal, mine.signal]) : mine.signal;
    try {
      const hit = this.pipeline.cached(request);
      if (hit) return hit;
      // Asked for explicitly (keybinding): no debounce.
      if (!immediate && !(await waitUnlessAborted(this.debounce.delayMs(), signal))) return superseded();
      return await this.pipeline.complete({ ...request, signal });
    } finally {
      if (this.inFlight === mine) this.inFlight = undefined;
    }
  }

  /** Aborts whatever is running (completion paused, editor closed). */
  cancel(): void {
    this.inFlight?.abort();
    this.inFlight = undefined;
  }
}

function superseded(): CompletionOutcome {
  return { text: "", reason: "superseded by a newer request", source: "none" };
}
