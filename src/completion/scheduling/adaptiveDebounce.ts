/**
 * How long to wait after a keystroke before asking the model: the pause that means "the user
 * stopped typing", 1.5 times the mean recent gap between keystrokes, clamped (others use a fixed
 * 250-350 ms). Tabby also subtracts the model's mean response time; measured here
 * (`bench completion`), that started a request on almost every keystroke and 84% of the compute
 * went to requests the next keystroke aborted, for no gain in latency, so it is not done.
 */
export class AdaptiveDebounce {
  private readonly gaps: number[] = [];
  private lastKeystroke: number | undefined;

  constructor(
    private readonly minMs = 75,
    private readonly maxMs = 350,
    private readonly window = 8,
  ) {}

  recordKeystroke(now: number): void {
    if (this.lastKeystroke !== undefined) {
      const gap = now - this.lastKeystroke;
      if (gap > 0 && gap < 2000) {
        this.gaps.push(gap); // longer gaps are pauses, not typing speed
        if (this.gaps.length > this.window) this.gaps.shift();
      }
    }
    this.lastKeystroke = now;
  }

  delayMs(): number {
    if (this.gaps.length === 0) return Math.round((this.minMs + this.maxMs) / 2);
    return Math.round(Math.min(this.maxMs, Math.max(this.minMs, mean(this.gaps) * 1.5)));
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Resolves true after ms, or false as soon as the signal aborts. */
export function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Resolves true when work settles, or false as soon as the signal aborts: a new request waits
 * for an aborted one to unwind in the engine (completion and next-edit schedulers).
 */
export function settledUnlessAborted(work: Promise<void>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => resolve(false);
    signal.addEventListener("abort", onAbort, { once: true });
    void work.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(!signal.aborted);
    });
  });
}
