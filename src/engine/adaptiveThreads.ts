// Threads that leave busy cores alone. llama.cpp's threads wait for each other at every step, so one
// thread on a core that another process holds slows them all: measured with llama-bench on 2 cores
// (0.5B shape), one core kept busy: 12.3 tok/s with 2 threads, 23.7 with 1 (idle: 37.9 and 23.7).
// Before each request the worker measures how many cores other processes kept busy since the
// last request (all cores' busy time minus its own CPU time) and lets node-llama-cpp use that many
// fewer threads (llama.maxThreads, honoured per batch), never fewer than 1 nor more than set.
import { cpus } from "node:os";

/** The thread count for a load: the configured count less the cores others keep busy. */
export function threadsForLoad(configured: number, otherBusyCores: number): number {
  if (!Number.isFinite(otherBusyCores) || otherBusyCores <= 0) return configured;
  return Math.max(1, Math.min(configured, configured - Math.round(otherBusyCores)));
}

export interface CpuClock {
  /** Busy (non-idle) time of all cores together, ms. */
  allCoresBusyMs(): number;
  /** This process's CPU time (all threads), ms. */
  ownCpuMs(): number;
  now(): number;
}

export const realCpuClock: CpuClock = {
  allCoresBusyMs: () => cpus().reduce((sum, c) => sum + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0),
  ownCpuMs: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
  now: () => performance.now(),
};

/** Shorter windows say more about the OS's tick than about load: keep the last figure. */
const MIN_WINDOW_MS = 200;

export class OtherLoadMeter {
  private last: { busy: number; own: number; at: number };
  private figure = 0;

  constructor(private readonly clock: CpuClock = realCpuClock) {
    this.last = { busy: clock.allCoresBusyMs(), own: clock.ownCpuMs(), at: clock.now() };
  }

  /** Cores other processes kept busy, on average, since the previous reading (0 to the core count). */
  otherBusyCores(): number {
    const now = this.clock.now();
    if (now - this.last.at < MIN_WINDOW_MS) return this.figure;
    const busy = this.clock.allCoresBusyMs();
    const own = this.clock.ownCpuMs();
    const others = busy - this.last.busy - (own - this.last.own);
    this.figure = Math.max(0, others / (now - this.last.at));
    this.last = { busy, own, at: now };
    return this.figure;
  }
}
