// Timers that take a user's number. setTimeout fires after 1 ms for any delay above 2^31-1 ms
// (24.8 days), so a setting of 40,000 minutes would act like "at once": every such delay goes
// through boundedDelayMs.

/** The longest delay setTimeout honours. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export function boundedDelayMs(ms: number): number {
  if (!Number.isFinite(ms)) return ms > 0 ? MAX_TIMEOUT_MS : 0;
  return Math.min(Math.max(0, ms), MAX_TIMEOUT_MS);
}

/** The timer functions a state machine uses, injectable for tests with a fake clock. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): { unref?(): unknown };
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, boundedDelayMs(ms)),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
