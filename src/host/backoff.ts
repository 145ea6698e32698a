/**
 * Delay before restarting a worker that crashed: none for the first crash, then doubling up to a
 * cap, so that a model that crashes the worker every time does not spin a CPU at 100%.
 */
export function restartDelayMs(consecutiveCrashes: number, baseMs = 500, capMs = 30_000): number {
  if (consecutiveCrashes <= 1) return 0;
  return Math.min(capMs, baseMs * 2 ** (consecutiveCrashes - 2));
}
