/**
 * How long to wait after a keystroke before asking the model: the pause that means "the user
 * stopped typing" (1.5 times the mean recent gap between keystrokes, clamped), minus the model's
 * mean response time, because when answering takes longer than the wait would, starting at once
 * costs little: an aborted request leaves its prefix in the KV cache (Tabby subtracts the response
 * time the same way; others use a fixed 250-350 ms).
 */
export class AdaptiveDebounce {
  private readonly gaps: number[] = [];
  private readonly responses: number[] = [];
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

  /** Feeds the time a model request took (not cache hits). */
  recordResponse(ms: number): void {
    this.responses.push(ms);
    if (this.responses.length > this.window) this.responses.shift();
  }

  delayMs(): number {
    const pause = this.gaps.length === 0 ? (this.minMs + this.maxMs) / 2 : Math.min(this.maxMs, Math.max(this.minMs, mean(this.gaps) * 1.5));
    const response = this.responses.length === 0 ? 0 : mean(this.responses);
    return Math.round(Math.max(0, pause - response));
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
