import { availableParallelism } from "node:os";

/**
 * Threads for inference when the user leaves the setting at 0 (automatic). Small machines use
 * every core (one thread per core measured fastest on 2 cores); larger ones leave the editor one.
 */
export function defaultThreadCount(cores = availableParallelism()): number {
  if (cores <= 4) return Math.max(1, cores);
  return Math.min(cores - 1, 16);
}

/** A valid thread count from a setting: 0 or anything invalid means automatic. */
export function resolveThreadCount(setting: unknown, cores = availableParallelism()): number {
  if (typeof setting !== "number" || !Number.isFinite(setting) || setting < 1) return defaultThreadCount(cores);
  return Math.min(Math.floor(setting), cores * 2);
}
