// The suggestion after the one shown, asked for while the user reads it, assuming it will be
// accepted (llama.vscode's cacheFutureSuggestion, llama.vim's speculative FIM): after Tab, the next
// ghost text is in the cache, or already on its way. The scheduler decides when (an idle machine,
// no newer keystroke) and aborts it when the user types elsewhere.
import { type CompletionOutcome, type CompletionPipeline, type CompletionRequest, SUPERSEDED } from "../completionPipeline";
import { withInsertion } from "../context/documentLines";

type Request = Omit<CompletionRequest, "signal">;

export class Prefetch {
  readonly controller = new AbortController();
  /** The first answer (a streamed suggestion's first line, or the whole). */
  private readonly first: Promise<CompletionOutcome>;
  /** Settles when the engine is done with it, a streamed answer's rest included. */
  readonly settled: Promise<CompletionOutcome>;
  private readonly spot: { documentKey: string; prefix: string; suffix: string };

  /** The request the editor makes once `shown` is accepted: its text inserted, the cursor after it. */
  static acceptedRequest(request: Request, shown: CompletionOutcome): Request | undefined {
    if (shown.text === "") return undefined;
    return { ...request, ...withInsertion(request.doc, request.position, shown.text) };
  }

  constructor(
    private readonly pipeline: CompletionPipeline,
    request: Request,
  ) {
    const context = pipeline.contextFor(request);
    this.spot = { documentKey: request.documentKey, prefix: context.prefix, suffix: context.suffix };
    this.first = pipeline.complete({ ...request, signal: this.controller.signal });
    this.settled = this.first.then((outcome) => outcome.rest ?? outcome);
    // A prefetch that failed (the worker crashed under it) answers nothing: Tab then asks the
    // model afresh, and the user sees the error of a request they made, if any, not of this one.
    this.first.catch(() => (this.failed = true));
  }

  private failed = false;

  /** Whether this prefetch answers the request (the same spot, as the cache keys it). */
  isFor(request: Request): boolean {
    if (request.documentKey !== this.spot.documentKey || this.controller.signal.aborted || this.failed) return false;
    const context = this.pipeline.contextFor(request);
    return context.prefix === this.spot.prefix && context.suffix === this.spot.suffix;
  }

  /** Its first answer, or "superseded" as soon as the waiting request's signal aborts; rejects if it failed. */
  answer(signal: AbortSignal): Promise<CompletionOutcome> {
    if (signal.aborted) return Promise.resolve(SUPERSEDED);
    return new Promise((resolve, reject) => {
      const onAbort = () => resolve(SUPERSEDED);
      signal.addEventListener("abort", onAbort, { once: true });
      this.first.then(
        (outcome) => {
          signal.removeEventListener("abort", onAbort);
          resolve(outcome);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      );
    });
  }
}
