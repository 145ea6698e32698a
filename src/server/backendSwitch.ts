// The hybrid backend's state machine, per feature:
//   server        -> requests go to the server
//   unavailable   -> the server failed, timed out or was too slow: requests run locally, and the
//                    server is probed every retryMs; the first answer brings it back
//   misconfigured -> the server refused for a reason a setting fixes (API key, model, certificate):
//                    requests run locally until the settings change (a new switch is made then)
// Timers are injected so the tests drive time themselves.

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_TIMERS: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.(); // a pending probe never keeps the CLI or a test alive
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export type SwitchState = { kind: "server" } | { kind: "unavailable"; reason: string } | { kind: "misconfigured"; reason: string };

export class BackendSwitch {
  private current: SwitchState = { kind: "server" };
  private probeTimer: unknown;
  private probing = false;
  private disposed = false;

  constructor(
    /** Resolves when the server answers again. */
    private readonly probe: () => Promise<void>,
    private readonly options: { retryMs: number; timers?: Timers; onChange?(state: SwitchState): void },
  ) {}

  get state(): SwitchState {
    return this.current;
  }

  get useServer(): boolean {
    return this.current.kind === "server";
  }

  /** The server failed in a way that may pass (down, slow, 5xx): use the local model and probe. */
  unavailable(reason: string): void {
    if (this.disposed || this.current.kind === "misconfigured") return;
    const changed = this.current.kind !== "unavailable" || this.current.reason !== reason;
    this.current = { kind: "unavailable", reason };
    this.scheduleProbe();
    if (changed) this.options.onChange?.(this.current);
  }

  /** The server refused for a reason only a settings change cures: no probing. */
  misconfigured(reason: string): void {
    if (this.disposed) return;
    this.cancelProbe();
    const changed = this.current.kind !== "misconfigured" || this.current.reason !== reason;
    this.current = { kind: "misconfigured", reason };
    if (changed) this.options.onChange?.(this.current);
  }

  dispose(): void {
    this.disposed = true;
    this.cancelProbe();
  }

  private scheduleProbe(): void {
    if (this.probeTimer !== undefined || this.probing) return;
    const timers = this.options.timers ?? REAL_TIMERS;
    this.probeTimer = timers.setTimeout(() => {
      this.probeTimer = undefined;
      void this.runProbe();
    }, this.options.retryMs);
  }

  private async runProbe(): Promise<void> {
    if (this.disposed || this.current.kind !== "unavailable") return;
    this.probing = true;
    let ok = false;
    try {
      await this.probe();
      ok = true;
    } catch {
      ok = false;
    } finally {
      this.probing = false;
    }
    if (this.disposed || this.current.kind !== "unavailable") return;
    if (ok) {
      this.current = { kind: "server" };
      this.options.onChange?.(this.current);
    } else {
      this.scheduleProbe();
    }
  }

  private cancelProbe(): void {
    if (this.probeTimer === undefined) return;
    (this.options.timers ?? REAL_TIMERS).clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
  }
}
