// When to ask: a request per pause in typing, the newest request always wins, and a stale one is
// aborted at once (prompt processing included), so at most one generation runs and no CPU is
// spent on text nobody will see. A new request is not sent while an aborted one is still
// unwinding in the engine: requests faster than the engine drains them (the manual trigger held
// down, a busy CPU) would otherwise pile up in its queue (a test saw 19 at once); instead the
// newest waits and the ones in between are superseded unsent. Cached suggestions are answered
// without waiting. On an idle machine the suggestion after the one shown is asked for ahead
// (prefetch.ts), so accepting with Tab shows the next one at once.
import { type CompletionOutcome, type CompletionPipeline, type CompletionRequest, SUPERSEDED } from "../completionPipeline";
import { AdaptiveDebounce, settledUnlessAborted, waitUnlessAborted } from "./adaptiveDebounce";
import { Prefetch } from "./prefetch";

export interface SchedulerOptions {
  now?: () => number;
  /**
   * Whether requests may start at the keystroke instead of after the pause (the user's setting
   * and the machine's power): they then do while the engine reports an idle machine (below).
   * The next keystroke aborts such a request; one the user pauses after is already under way,
   * so the wait for the pause leaves the latency. Read on every request.
   */
  startBeforePause?: () => boolean;
  /**
   * Whether the suggestion that follows a shown one, once accepted, may be asked for while the
   * user reads it (setting localSlm.completion.prefetch, the machine's power); it then is while
   * the engine reports an idle machine, like starting before the pause. Read on every answer.
   */
  prefetch?: () => boolean;
}

export class CompletionScheduler {
  private inFlight: AbortController | undefined;
  /** A request whose first line was answered while the rest is still being generated. */
  private background: AbortController | undefined;
  /** Settles when the engine has finished (or abandoned) the last request sent to it. */
  private engineSettled: Promise<void> = Promise.resolve();
  /** The request for the spot reached by accepting the suggestion last shown, if one was asked for. */
  private prefetch: Prefetch | undefined;
  /** Counts requests: a prefetch starts only while no newer request came. */
  private requests = 0;
  readonly debounce = new AdaptiveDebounce();
  private readonly now: () => number;
  private readonly startBeforePauseAllowed: () => boolean;
  private readonly prefetchAllowed: () => boolean;

  constructor(
    private readonly pipeline: CompletionPipeline,
    options: SchedulerOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.startBeforePauseAllowed = options.startBeforePause ?? (() => false);
    this.prefetchAllowed = options.prefetch ?? (() => false);
  }

  /** The last figure the local engine gave (Timings.otherBusyCores); unknown until then. */
  private otherBusyCores: number | undefined;

  /**
   * Idle: other processes kept less than half a core busy during the last request. Measured
   * (`bench peers`, ours vs oursStartBeforePause, idle 2-core machine): p50 from the keystroke
   * 713 -> 566 ms, 52 -> 76 suggestions shown, 2.8 -> 5.0 CPU-s per shown suggestion. On a busy
   * machine that CPU is taken from the user's other work, so there the pause is waited for.
   */
  private startsBeforePause(): boolean {
    return this.idleMachine() && this.startBeforePauseAllowed();
  }

  private idleMachine(): boolean {
    return this.otherBusyCores !== undefined && this.otherBusyCores < 0.5;
  }

  /** A server backend's answer has no figure: unknown again (a shared server gets no request per keystroke). */
  private noteLoad(outcome: CompletionOutcome): void {
    if (outcome.timings) this.otherBusyCores = outcome.timings.otherBusyCores;
  }

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
    const number = ++this.requests;
    const signal = callerSignal ? AbortSignal.any([callerSignal, mine.signal]) : mine.signal;
    try {
      // Typing what the suggestion shows: answered from the cache, and the rest of a streamed
      // suggestion keeps coming (it is cached for this very spot). So does a prefetch.
      const hit = this.pipeline.cached(request);
      if (hit) {
        this.prefetchAfter(request, hit, number);
        return hit;
      }
      // Accepted before the prefetch was done: its answer is the one to wait for.
      if (this.prefetch?.isFor(request)) {
        const ahead = await this.prefetch.answer(signal);
        if (ahead.status !== "superseded") {
          if (ahead.rest) this.keepInBackground(this.prefetch.controller, ahead.rest);
          this.prefetchAfter(request, ahead, number);
        }
        return ahead;
      }
      this.prefetch?.controller.abort();
      this.prefetch = undefined;
      this.background?.abort();
      // Asked for explicitly (keybinding), or started before the pause: no debounce.
      const debounceMs = immediate || this.startsBeforePause() ? 0 : this.debounce.delayMs();
      if (debounceMs > 0 && !(await waitUnlessAborted(debounceMs, signal))) return SUPERSEDED;
      if (!(await settledUnlessAborted(this.engineSettled, signal))) return SUPERSEDED;
      const completion = this.pipeline.complete({ ...request, signal });
      const ignore = () => undefined;
      this.engineSettled = completion.then((first) => first.rest).then(ignore, ignore);
      // The whole request's timings (its rest included) carry the machine's load.
      void completion.then((first) => (first.rest ?? first)).then((whole) => this.noteLoad(whole), ignore);
      const outcome = await completion;
      if (outcome.rest) this.keepInBackground(mine, outcome.rest);
      this.prefetchAfter(request, outcome, number);
      return { ...outcome, debounceMs };
    } finally {
      if (this.inFlight === mine) this.inFlight = undefined;
    }
  }

  /** The suggestion known for this spot without asking the model, if any. */
  peek(request: Omit<CompletionRequest, "signal">): CompletionOutcome | undefined {
    return this.pipeline.cached(request);
  }

  /**
   * Once the whole suggestion is known (a streamed one's rest included), and no newer request has
   * come, asks for the suggestion at the spot accepting it leads to, in the background; its answer
   * lands in the cache. The next keystroke that goes elsewhere aborts it.
   */
  private prefetchAfter(request: Omit<CompletionRequest, "signal">, shown: CompletionOutcome, number: number): void {
    if (shown.status !== "suggestion" || !this.prefetchAllowed()) return;
    void (shown.rest ?? Promise.resolve(shown)).then(
      async (whole) => {
        if (whole.status !== "suggestion" || whole.id !== shown.id || number !== this.requests) return;
        const accepted = Prefetch.acceptedRequest(request, whole);
        if (!accepted || this.pipeline.cached(accepted) || this.prefetch?.isFor(accepted)) return;
        await this.engineSettled;
        if (number !== this.requests || !this.idleMachine() || !this.prefetchAllowed()) return;
        this.prefetch?.controller.abort();
        const prefetch = new Prefetch(this.pipeline, accepted);
        this.prefetch = prefetch;
        const ignore = () => undefined;
        this.engineSettled = prefetch.settled.then(ignore, ignore);
        void prefetch.settled.then((whole) => this.noteLoad(whole), ignore);
      },
      () => undefined,
    );
  }

  /** Aborts whatever is running (completion paused, editor closed). */
  cancel(): void {
    this.inFlight?.abort();
    this.inFlight = undefined;
    this.prefetch?.controller.abort();
    this.prefetch = undefined;
    this.background?.abort();
    this.background = undefined;
  }

  private keepInBackground(controller: AbortController, rest: Promise<CompletionOutcome>): void {
    this.background = controller;
    // Both ways: a failed background generation (a worker crash mid-stream) is the caller's to
    // report through `rest`; here it must not become an unhandled rejection.
    const done = () => {
      if (this.background === controller) this.background = undefined;
    };
    rest.then(done, done);
  }
}
