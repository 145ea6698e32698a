// Sampling options from users and other extensions (text command settings, a Language Model
// request's modelOptions, CLI flags) checked against one set of ranges: a value out of range is
// reported in one line and replaced by the default, so a typo never reaches the model.

export interface SamplingChoice {
  temperature: number;
  topP: number;
  topK?: number;
  maxTokens: number;
}

export const SAMPLING_LIMITS = {
  temperature: { min: 0, max: 2 },
  topP: { min: 0, max: 1 }, // 0 is excluded: no token would be left to sample
  topK: { min: 1, max: 1000 },
  maxTokens: { min: 1, max: 8192 },
} as const;

export const DEFAULT_SAMPLING: SamplingChoice = { temperature: 0.2, topP: 0.95, maxTokens: 512 };

export interface SamplingCheck {
  sampling: SamplingChoice;
  /** One line each, naming the option, what was given, the range and the value used instead. */
  problems: string[];
}

/**
 * Checks the sampling options in `raw` (missing ones take the defaults). `where` prefixes each
 * problem, e.g. `localSlm.textCommands "Explain This"`.
 */
export function checkSampling(raw: Record<string, unknown>, where: string, defaults: SamplingChoice = DEFAULT_SAMPLING): SamplingCheck {
  const problems: string[] = [];
  const number = (name: keyof typeof SAMPLING_LIMITS, fallback: number | undefined, integer: boolean): number | undefined => {
    const value = raw[name];
    if (value === undefined || value === null) return fallback;
    const { min, max } = SAMPLING_LIMITS[name];
    const lowOk = name === "topP" ? (value as number) > min : (value as number) >= min;
    const ok = typeof value === "number" && Number.isFinite(value) && (!integer || Number.isInteger(value)) && lowOk && value <= max;
    if (ok) return value;
    const range = name === "topP" ? `above ${min} and at most ${max}` : `${integer ? "an integer " : ""}from ${min} to ${max}`;
    problems.push(`${where}: ${name} must be ${range}, got ${JSON.stringify(value)}; ${fallback === undefined ? "leaving it unset" : `using ${fallback}`}.`);
    return fallback;
  };
  const temperature = number("temperature", defaults.temperature, false)!;
  const topP = number("topP", defaults.topP, false)!;
  const topK = number("topK", defaults.topK, true);
  const maxTokens = number("maxTokens", defaults.maxTokens, true)!;
  return { sampling: { temperature, topP, ...(topK === undefined ? {} : { topK }), maxTokens }, problems };
}
