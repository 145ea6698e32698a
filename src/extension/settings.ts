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
import { DEFAULT_TEXT_COMMANDS, parseTextCommands, type TextCommandList } from "../text/textCommands/textCommandSettings";

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

/** The user's text commands (localSlm.textCommands), checked; problems are one line each. */
export function readTextCommands(): TextCommandList {
  return parseTextCommands(read("localSlm.textCommands") ?? DEFAULT_TEXT_COMMANDS);
}

/** Who runs a feature: the local worker (default) or the configured server. */
export type BackendChoice = "local" | "server";

export function readBackend(feature: "completion" | "textTools"): BackendChoice {
  return vscode.workspace.getConfiguration(SECTION).get<string>(`${feature}.backend`, "local") === "server" ? "server" : "local";
}

export const SERVER_SETTINGS = ["completion.backend", "textTools.backend", "server.url", "server.api", "server.model", "server.timeoutSeconds", "server.slowLimitMs", "server.allowSelfSignedCertificate"].map((s) => `${SECTION}.${s}`);

export interface ServerSettings {
  url: string;
  api?: "llama-server" | "openai" | "ollama";
  model?: string;
  timeoutMs: number;
  slowLimitMs: number;
  allowSelfSigned: boolean;
}

/** The server settings, bounded; undefined when no URL is set. The API key is not a setting (SecretStorage). */
export function readServerSettings(report: (problem: string) => void = () => undefined): ServerSettings | undefined {
  const config = vscode.workspace.getConfiguration(SECTION);
  const url = config.get<string>("server.url", "").trim().replace(/\/+$/, "");
  if (url === "") return undefined;
  const api = config.get<string>("server.api", "auto");
  const apis = ["llama-server", "openai", "ollama"];
  if (api !== "auto" && !apis.includes(api)) report(`localSlm.server.api must be "auto", "llama-server", "openai" or "ollama"; detecting it.`);
  const seconds = config.get<number>("server.timeoutSeconds", 10);
  const validSeconds = typeof seconds === "number" && seconds >= 1 && seconds <= 600;
  if (!validSeconds) report("localSlm.server.timeoutSeconds must be from 1 to 600; using 10.");
  const slow = config.get<number>("server.slowLimitMs", 1500);
  const validSlow = typeof slow === "number" && slow >= 0 && slow <= 60_000;
  if (!validSlow) report("localSlm.server.slowLimitMs must be from 0 to 60000; using 1500.");
  const model = config.get<string>("server.model", "").trim();
  return {
    url,
    api: apis.includes(api) ? (api as ServerSettings["api"]) : undefined,
    model: model === "" ? undefined : model,
    timeoutMs: (validSeconds ? seconds : 10) * 1000,
    slowLimitMs: validSlow ? slow : 1500,
    allowSelfSigned: config.get<boolean>("server.allowSelfSignedCertificate", false) === true,
  };
}
