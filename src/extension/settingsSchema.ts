// The extension's settings as validated values: every value a user (or a cloned repository's
// .vscode/settings.json, for window-scoped settings) can set is checked and bounded here, with one
// message per problem, before it reaches a timer, the worker or the pipeline. Pure: the VS Code
// binding is settings.ts; unit tests give a plain reader.
import type { EngineConfig } from "../host/engineClient";
import type { GpuSetting } from "../protocol/types";
import { expandHome } from "../shared/expandHome";
import { SUMMARY_PRESETS } from "../text/summaryPrompt";
import { resolveThreadCount } from "../shared/threads";
import { parseLoraAdapters } from "./parseLoraAdapters";

/** Reads one setting by its full key ("localSlm.threads"); undefined when unset. */
export type SettingReader = (key: string) => unknown;
export type ProblemReporter = (problem: string) => void;

export const DEFAULT_CONTEXT_SIZE = 4096;
/** Bounds, shared with package.json's schema (a unit test keeps the two equal). */
export const BOUNDS = {
  "localSlm.contextSize": { min: 256, max: 131072, fallback: DEFAULT_CONTEXT_SIZE, integer: true },
  "localSlm.threads": { min: 0, max: 256, fallback: 0, integer: true },
  // A week. setTimeout fires at once above 2^31-1 ms (35,791 minutes): the model would unload
  // after every request.
  "localSlm.idleUnloadMinutes": { min: 0, max: 10080, fallback: 15, integer: false },
  "localSlm.completion.maxLines": { min: 1, max: 100, fallback: 12, integer: true },
  "localSlm.cpuBudgetPercent": { min: 0, max: 100, fallback: 0, integer: false },
} as const;

export type BoundedKey = keyof typeof BOUNDS;

export function boundedNumber(read: SettingReader, key: BoundedKey, report: ProblemReporter): number {
  const { min, max, fallback, integer } = BOUNDS[key];
  const value = read(key);
  if (value === undefined) return fallback;
  const valid = typeof value === "number" && Number.isFinite(value) && (!integer || Number.isInteger(value)) && value >= min && value <= max;
  if (valid) return value;
  report(`${key} must be ${integer ? "an integer" : "a number"} from ${min} to ${max}; using ${fallback}.`);
  return fallback;
}

/** A path setting: trimmed, "~" expanded; undefined when empty. */
export function pathSetting(read: SettingReader, key: string): string | undefined {
  const value = read(key);
  const path = typeof value === "string" ? value.trim() : "";
  return path === "" ? undefined : expandHome(path);
}

export function stringList(read: SettingReader, key: string): string[] {
  const value = read(key);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim()) : [];
}

export function engineConfig(read: SettingReader, report: ProblemReporter): EngineConfig {
  const gpu = read("localSlm.gpu") ?? "auto";
  if (gpu !== "auto" && gpu !== "off") report(`localSlm.gpu must be "auto" or "off"; using "auto".`);
  return {
    modelPath: pathSetting(read, "localSlm.modelPath"),
    threads: resolveThreadCount(boundedNumber(read, "localSlm.threads", report)),
    contextSize: boundedNumber(read, "localSlm.contextSize", report),
    gpu: (gpu === "off" ? "off" : "auto") as GpuSetting,
    idleUnloadMs: boundedNumber(read, "localSlm.idleUnloadMinutes", report) * 60_000,
    loraAdapters: parseLoraAdapters(read("localSlm.loraAdapters") ?? [], expandHome, report),
  };
}

export interface CompletionSettings {
  enabled: boolean;
  disabledLanguages: string[];
  maxLines: number;
  relatedFiles: boolean;
  /** localSlm.completion.startBeforePause: "whenIdle" (default) or "never". */
  startBeforePause: "whenIdle" | "never";
  /** localSlm.completion.prefetch: "whenIdle" (default) or "never". */
  prefetch: "whenIdle" | "never";
}

export function completionSettings(read: SettingReader, report: ProblemReporter): CompletionSettings {
  return {
    enabled: read("localSlm.completion.enabled") !== false,
    disabledLanguages: stringList(read, "localSlm.completion.disabledLanguages"),
    maxLines: boundedNumber(read, "localSlm.completion.maxLines", report),
    relatedFiles: read("localSlm.completion.relatedFiles") !== false,
    startBeforePause: read("localSlm.completion.startBeforePause") === "never" ? "never" : "whenIdle",
    prefetch: read("localSlm.completion.prefetch") === "never" ? "never" : "whenIdle",
  };
}

export const SUMMARY_WORDS = { min: 10, max: 1000 } as const;

/** localSlm.summarize.length: a preset name or a number of words. */
export function summaryWords(read: SettingReader, report: ProblemReporter): number {
  const value = read("localSlm.summarize.length") ?? "medium";
  if (typeof value === "number" && Number.isInteger(value) && value >= SUMMARY_WORDS.min && value <= SUMMARY_WORDS.max) return value;
  if (typeof value === "string" && Object.hasOwn(SUMMARY_PRESETS, value)) return SUMMARY_PRESETS[value as keyof typeof SUMMARY_PRESETS];
  report(`localSlm.summarize.length must be short, medium, long or a number of words from ${SUMMARY_WORDS.min} to ${SUMMARY_WORDS.max}; using medium.`);
  return SUMMARY_PRESETS.medium;
}
