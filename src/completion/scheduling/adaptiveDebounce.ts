/**
 * How long to wait after a keystroke before asking the model. Fast typists get a short wait (a
 * request per pause, not per keystroke), slow ones a longer one; between the two, the mean of the
 * recent gaps between keystrokes times 1.5, clamped (Tabby's approach; fixed 250-350 ms elsewhere).
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
    const mean = this.gaps.reduce((a, b) => a + b, 0) / this.gaps.length;
    return Math.round(Math.min(this.maxMs, Math.max(this.minMs, mean * 1.5)));
  }
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
