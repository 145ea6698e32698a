// Notices within seconds that a download receives nothing (offline, a server that does not
// answer), so the progress can say so long before the download process's own stall timeout stops
// it. No vscode here; the timer functions are injectable for tests.

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class ArrivalWatch {
  private handle: unknown;
  private lastBytes = -1;
  private quietSince = 0;

  /**
   * `onQuiet(seconds)` is called when no new byte came for `quietMs` (from the start, or since the
   * last byte), and again every `quietMs` while it stays quiet; `onFlowing()` when bytes come again.
   */
  constructor(
    private readonly quietMs: number,
    private readonly onQuiet: (seconds: number) => void,
    private readonly onFlowing: () => void,
    private readonly timers: Timers = globalThis,
    private readonly now: () => number = Date.now,
  ) {
    this.quietSince = now();
    this.arm();
  }

  /** The download's byte count so far. */
  bytes(downloaded: number): void {
    if (downloaded <= this.lastBytes) return;
    const wasQuiet = this.now() - this.quietSince >= this.quietMs;
    this.lastBytes = downloaded;
    this.quietSince = this.now();
    if (wasQuiet) this.onFlowing();
    this.arm();
  }

  dispose(): void {
    this.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }

  private arm(): void {
    this.timers.clearTimeout(this.handle);
    this.handle = this.timers.setTimeout(() => {
      this.onQuiet(Math.round((this.now() - this.quietSince) / 1000));
      this.arm();
    }, this.quietMs);
  }
}
