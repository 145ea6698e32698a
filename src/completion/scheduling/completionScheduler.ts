// When to ask: a request per pause in typing, the newest request always wins, and a stale one is
// aborted at once (prompt processing included), so at most one generation runs and no CPU is
// spent on text nobody will see. Cached suggestions are answered without waiting.
import type { CompletionOutcome, CompletionPipeline, CompletionRequest } from "../completionPipeline";
import { AdaptiveDebounce, waitUnlessAborted } from "./adaptiveDebounce";

export class CompletionScheduler {
  private inFlight: AbortController | undefined;
  /** A request whose first line was answered while the rest is still being generated. */
  private background: AbortController | undefined;
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
      // Typing what the suggestion shows: answered from the cache, and the rest of a streamed
      // suggestion keeps coming (it is cached for this very spot).
      const hit = this.pipeline.cached(request);
      if (hit) return hit;
      this.background?.abort();
      // Asked for explicitly (keybinding): no debounce.
      const debounceMs = immediate ? 0 : this.debounce.delayMs();
      if (debounceMs > 0 && !(await waitUnlessAborted(debounceMs, signal))) return superseded();
      const outcome = await this.pipeline.complete({ ...request, signal });
      if (outcome.rest) this.keepInBackground(mine, outcome.rest);
      return { ...outcome, debounceMs };
    } finally {
      if (this.inFlight === mine) this.inFlight = undefined;
    }
  }

  /** The suggestion known for this spot without asking the model, if any. */
  peek(request: Omit<CompletionRequest, "signal">): CompletionOutcome | undefined {
    return this.pipeline.cached(request);
  }

  /** Aborts whatever is running (completion paused, editor closed). */
  cancel(): void {
    this.inFlight?.abort();
    this.inFlight = undefined;
    this.background?.abort();
    this.background = undefined;
  }

  private keepInBackground(controller: AbortController, rest: Promise<CompletionOutcome>): void {
    this.background = controller;
    void rest.finally(() => {
      if (this.background === controller) this.background = undefined;
    });
  }
}

function superseded(): CompletionOutcome {
  return { text: "", reason: "superseded by a newer request", source: "none" };
}
