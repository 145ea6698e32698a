// The one place the extension reads its settings (VS Code's configuration bound to the pure,
// validated readers in settingsSchema.ts). Each problem is reported once per change, not per read.
import * as vscode from "vscode";
import type { EngineConfig } from "../host/engineClient";
import { validPrices } from "./statistics/usageStatistics";
import {
  type CompletionSettings,
  completionSettings,
  engineConfig,
  pathSetting,
  type ProblemReporter,
  type SettingReader,
  stringList,
  summaryWords,
} from "./settingsSchema";
import { DEFAULT_TEXT_COMMANDS, parseTextCommands, type TextCommandList } from "../text/textCommands/textCommandSettings";

export { DEFAULT_CONTEXT_SIZE } from "./settingsSchema";

export const SECTION = "localSlm";
export const ENGINE_SETTINGS = ["modelPath", "textModelPath", "threads", "contextSize", "gpu", "idleUnloadMinutes", "loraAdapters", "nextEdit.enabled", "nextEdit.modelPath"].map((s) => `${SECTION}.${s}`);

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

export function readCloudPrices() {
  return validPrices(read("localSlm.statistics.cloudPrices"));
}

/** Writes a setting for the user (all windows): the model choice and per-language switches. */
export async function writeUserSetting(key: "modelPath" | "textModelPath" | "completion.disabledLanguages" | "nextEdit.modelPath" | "nextEdit.enabled", value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

/** The user's text commands (localSlm.textCommands), checked; problems are one line each. */
export function readTextCommands(): TextCommandList {
  return parseTextCommands(read("localSlm.textCommands") ?? DEFAULT_TEXT_COMMANDS);
}
