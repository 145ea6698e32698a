import { availableParallelism, loadavg } from "node:os";

/**
 * Threads for inference when the user leaves the setting at 0 (automatic). Small machines use
 * every core (one thread per core measured fastest on an idle 2-core machine); larger ones leave
 * the editor one. Cores that other work keeps busy (the 1-minute load average, when the model is
 * loaded) are left out too: llama.cpp's threads wait for each other at every step, so a thread
 * on a busy core slows all of them down. Measured on 2 cores with a load of 13-19 (other tests
 * running): 2 threads generated 0.6 token/s or did not finish a 256-token prompt in 6 minutes,
 * 1 thread 4.7-8.4 token/s (`local-slm bench engine --threads N`, README "Peer benchmark").
 */
export function defaultThreadCount(cores = availableParallelism(), load = loadavg()[0] ?? 0): number {
  const base = cores <= 4 ? Math.max(1, cores) : Math.min(cores - 1, 16);
  const busy = Number.isFinite(load) && load > 0 ? Math.round(load) : 0;
  return Math.max(1, Math.min(base, cores - busy));
}

/** A valid thread count from a setting: 0 or anything invalid means automatic. */
export function resolveThreadCount(setting: unknown, cores = availableParallelism(), load = loadavg()[0] ?? 0): number {
  if (typeof setting !== "number" || !Number.isFinite(setting) || setting < 1) return defaultThreadCount(cores, load);
  return Math.min(Math.floor(setting), cores * 2);
}
