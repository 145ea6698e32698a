// Finds stop strings in streamed text and holds back any tail that could be the start of one,
// so that a stop string is never shown even in part.
export interface StopScan {
  /** Text that is safe to show now (up to the stop string, or up to a possible partial stop). */
  safeLength: number;
  /** Index where a stop string starts, if one was found. */
  stopAt?: number;
}

export function scanForStop(text: string, stops: readonly string[], from = 0): StopScan {
  let stopAt: number | undefined;
  for (const stop of stops) {
    if (stop === "") continue;
    const index = text.indexOf(stop, Math.max(0, from - stop.length + 1));
    if (index !== -1 && (stopAt === undefined || index < stopAt)) stopAt = index;
  }
  if (stopAt !== undefined) return { safeLength: stopAt, stopAt };
  return { safeLength: text.length - longestPartialStop(text, stops) };
}

/** Length of the longest suffix of text that is a proper prefix of some stop string. */
function longestPartialStop(text: string, stops: readonly string[]): number {
  let longest = 0;
  for (const stop of stops) {
    for (let n = Math.min(stop.length - 1, text.length); n > longest; n--) {
      if (text.endsWith(stop.slice(0, n))) {
        longest = n;
        break;
      }
    }
  }
  return longest;
}
