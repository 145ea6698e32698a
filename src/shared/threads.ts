import { availableParallelism } from "node:os";

/**
 * Threads for inference when the user leaves the setting at 0 (automatic): the ceiling. Small
 * machines use every core (one thread per core measured fastest on an idle 2-core machine); larger
 * ones leave the editor one. Busy cores are not decided here, once, at load: the worker measures
 * before every request how many cores other processes keep busy and uses that many fewer threads
 * (src/engine/adaptiveThreads.ts), because a load figure taken when the model loads is stale a
 * minute later and would cap a model loaded during a build at one thread for the whole session.
 */
export function defaultThreadCount(cores = availableParallelism()): number {
  return cores <= 4 ? Math.max(1, cores) : Math.min(cores - 1, 16);
}

/** A valid thread count from a setting: 0 or anything invalid means automatic. */
export function resolveThreadCount(setting: unknown, cores = availableParallelism()): number {
  if (typeof setting !== "number" || !Number.isFinite(setting) || setting < 1) return defaultThreadCount(cores);
  return Math.min(Math.floor(setting), cores * 2);
}
