// The one place the extension reads its settings (VS Code's configuration bound to the pure,
// validated readers in settingsSchema.ts). Each problem is reported once per change, not per read.
import * as vscode from "vscode";
import type { EngineConfig } from "../host/engineClient";
import { ON_BATTERY_POLICIES, type OnBatteryPolicy } from "../host/neighbourConditions";
import { validPrices } from "./statistics/usageStatistics";
import {
  boundedNumber,
  type CompletionSettings,
  completionSettings,
  engineConfig,
  pathSetting,
  type ProblemReporter,
  type SettingReader,
  stringList,
  summaryWords,
} from "./settingsSchema";

export { DEFAULT_CONTEXT_SIZE } from "./settingsSchema";

export const SECTION = "localSlm";
export const ENGINE_SETTINGS = ["modelPath", "textModelPath", "threads", "contextSize", "gpu", "idleUnloadMinutes", "loraAdapters", "nextEdit.enabled", "nextEdit.modelPath", "onBattery"].map((s) => `${SECTION}.${s}`);

const read: SettingReader = (key) => vscode.workspace.getConfiguration().get(key);
const ignore: ProblemReporter = () => undefined;

export function readEngineConfig(report: ProblemReporter = ignore): EngineConfig {
  return engineConfig(read, report);
}

/** The model for the text tools, when it is not the completion model. */
export function readTextModelPath(): string | undefined {
  return pathSetting(read, "localSlm.textModelPath");
}

/** Next-edit suggestions: on/off (off by default) and a model of their own (machine scope). */
export function readNextEditSettings(): { enabled: boolean; modelPath: string | undefined } {
  return { enabled: read("localSlm.nextEdit.enabled") === true, modelPath: pathSetting(read, "localSlm.nextEdit.modelPath") };
}

export function readCompletionSettings(report: ProblemReporter = ignore): CompletionSettings {
  return completionSettings(read, report);
}

export function readSummaryWords(report: ProblemReporter = ignore): number {
  return summaryWords(read, report);
}

/** localSlm.modelFolders as written (expanded by the model discovery, which reports missing ones). */
export function readModelFolders(): string[] {
  return stringList(read, "localSlm.modelFolders");
}

export function readDownloadFolder(): string | undefined {
  return pathSetting(read, "localSlm.downloadFolder");
}

/** localSlm.cpuBudgetPercent as a share of all cores, 0 to 1 (0: no cap). */
export function readCpuBudgetShare(report: ProblemReporter = ignore): number {
  return boundedNumber(read, "localSlm.cpuBudgetPercent", report) / 100;
}

/** localSlm.onBattery; anything else reads as the default, "fewerThreads". */
export function readOnBatteryPolicy(): OnBatteryPolicy {
  const value = read("localSlm.onBattery");
  return ON_BATTERY_POLICIES.includes(value as OnBatteryPolicy) ? (value as OnBatteryPolicy) : "fewerThreads";
}

export function readCloudPrices() {
  return validPrices(read("localSlm.statistics.cloudPrices"));
}

/** Writes a setting for the user (all windows): the model choice and per-language switches. */
export async function writeUserSetting(key: "modelPath" | "textModelPath" | "completion.disabledLanguages" | "nextEdit.modelPath" | "nextEdit.enabled", value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}
