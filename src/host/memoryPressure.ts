// Memory pressure from the OS's free-memory figure (os.freemem: MemAvailable on Linux). Under
// pressure an idle model is unloaded sooner: the worker's memory goes back to the OS at once.

/** Free memory below this share of the total and below the floor (1 GiB) is pressure. */
export const PRESSURE_FREE_SHARE = 0.1;
export const PRESSURE_FREE_FLOOR_BYTES = 1024 * 1024 * 1024;
/** The idle-unload delay under pressure (or the user's, when shorter and not 0). */
export const PRESSURE_IDLE_UNLOAD_MS = 60_000;

export function isUnderMemoryPressure(freeBytes: number, totalBytes: number): boolean {
  if (!(totalBytes > 0) || !(freeBytes >= 0)) return false;
  return freeBytes < Math.min(PRESSURE_FREE_FLOOR_BYTES, totalBytes * PRESSURE_FREE_SHARE);
}
