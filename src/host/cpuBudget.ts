// A cap on the share of the machine's CPU the model may use, over a sliding minute: the CPU time
// the worker used is recorded after each request, and a request that would start while the last
// minute's use is over the cap waits until enough of it has aged out of the window.

export const CPU_BUDGET_WINDOW_MS = 60_000;

export class CpuBudget {
  private samples: { time: number; cpuMs: number }[] = [];

  constructor(
    /** Share of all cores, 0 to 1; 0 (or 1) means no cap. */
    private readonly share: () => number,
    private readonly cores: number,
    private readonly now: () => number = Date.now,
    private readonly windowMs = CPU_BUDGET_WINDOW_MS,
  ) {}

  /** CPU time used (all threads) since the last record. */
  record(cpuMs: number): void {
    if (!(cpuMs > 0)) return;
    this.samples.push({ time: this.now(), cpuMs });
    this.forgetOld();
  }

  /** CPU ms used in the window ending now. */
  used(): number {
    this.forgetOld();
    return this.samples.reduce((sum, s) => sum + s.cpuMs, 0);
  }

  /** CPU ms the window allows, or Infinity with no cap. */
  allowed(): number {
    const share = this.share();
    if (!(share > 0) || share >= 1) return Infinity;
    return share * this.cores * this.windowMs;
  }

  /** How long a request must wait before it may start: 0 when under the cap. */
  waitMs(): number {
    const allowed = this.allowed();
    let used = this.used();
    if (used < allowed) return 0;
    const now = this.now();
    for (const s of this.samples) {
      used -= s.cpuMs;
      if (used < allowed) return Math.max(0, s.time + this.windowMs - now);
    }
    return 0;
  }

  private forgetOld(): void {
    const cutoff = this.now() - this.windowMs;
    while (this.samples.length > 0 && this.samples[0]!.time <= cutoff) this.samples.shift();
  }
}

/**
 * The worker reports its total CPU time; this turns totals into per-request use, per worker
 * (a restarted worker starts from 0 again, its model load included).
 */
export class WorkerCpuMeter {
  private last = new Map<number, number>();

  /** CPU ms used since the previous reading of this worker. */
  update(pid: number, totalCpuMs: number): number {
    const previous = this.last.get(pid) ?? 0;
    if (!this.last.has(pid)) this.last.clear(); // a new worker: the old one's total is gone
    this.last.set(pid, totalCpuMs);
    return Math.max(0, totalCpuMs - previous);
  }
}
