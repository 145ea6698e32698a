// Looks at the machine's power source and free memory now and then (every 30 s to 2 min) and tells
// when either changes. Probes and timers are injectable.
import { freemem, totalmem } from "node:os";
import { Emitter, type Event } from "vscode-jsonrpc";
import { realTimers, type Timers } from "../shared/timers";
import { isUnderMemoryPressure } from "./memoryPressure";
import type { MachineConditions } from "./neighbourConditions";
import { type PowerSource, probePowerSource } from "./powerSource";

export interface ConditionsProbes {
  power(): Promise<PowerSource>;
  memory(): { freeBytes: number; totalBytes: number };
}

export const realProbes: ConditionsProbes = {
  power: () => probePowerSource(),
  memory: () => ({ freeBytes: freemem(), totalBytes: totalmem() }),
};

/** A file read on Linux, a short pmset on macOS, a PowerShell start (~0.3 s of CPU) on Windows: less often there. */
export const CHECK_INTERVAL_MS = process.platform === "win32" ? 120_000 : process.platform === "darwin" ? 60_000 : 30_000;

export class ConditionsMonitor {
  private current: MachineConditions = { power: "unknown", memoryPressure: false };
  private timer: unknown;
  private disposed = false;
  private readonly emitter = new Emitter<MachineConditions>();
  readonly onDidChange: Event<MachineConditions> = this.emitter.event;

  constructor(
    private readonly probes: ConditionsProbes = realProbes,
    private readonly timers: Timers = realTimers,
    private readonly intervalMs = CHECK_INTERVAL_MS,
  ) {}

  get conditions(): MachineConditions {
    return this.current;
  }

  /** Checks now, then every interval until disposed. */
  async start(): Promise<void> {
    await this.check();
  }

  async check(): Promise<MachineConditions> {
    const power = await this.probes.power().catch((): PowerSource => "unknown");
    const { freeBytes, totalBytes } = this.probes.memory();
    const next: MachineConditions = { power, memoryPressure: isUnderMemoryPressure(freeBytes, totalBytes) };
    if (this.disposed) return next;
    const changed = next.power !== this.current.power || next.memoryPressure !== this.current.memoryPressure;
    this.current = next;
    if (changed) this.emitter.fire(next);
    this.schedule();
    return next;
  }

  private schedule(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    const handle = this.timers.setTimeout(() => void this.check(), this.intervalMs);
    handle.unref?.();
    this.timer = handle;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.emitter.dispose();
  }
}
