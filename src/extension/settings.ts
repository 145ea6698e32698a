// Reads the extension's settings. Invalid values fall back to the default (and are reported once)
// rather than reaching the worker.
import * as vscode from "vscode";
import type { EngineConfig } from "../host/engineClient";
import type { GpuSetting } from "../protocol/types";
import { resolveThreadCount } from "../shared/threads";
import { parseLoraAdapters } from "./parseLoraAdapters";
import { DEFAULT_TEXT_COMMANDS, parseTextCommands, type TextCommandList } from "../text/textCommands/textCommandSettings";

export const SECTION = "localSlm";
export const ENGINE_SETTINGS = ["modelPath", "textModelPath", "threads", "contextSize", "gpu", "idleUnloadMinutes", "loraAdapters"].map((s) => `${SECTION}.${s}`);

/** The model for the text tools, when it is not the completion model. */
export function readTextModelPath(): string | undefined {
  const path = vscode.workspace.getConfiguration(SECTION).get<string>("textModelPath", "").trim();
  return path === "" ? undefined : expandHome(path);
}

export const DEFAULT_CONTEXT_SIZE = 4096;
const MIN_CONTEXT_SIZE = 256;
const MAX_CONTEXT_SIZE = 131072;

export function readEngineConfig(report: (problem: string) => void = () => undefined): EngineConfig {
  const config = vscode.workspace.getConfiguration(SECTION);
  const modelPath = config.get<string>("modelPath", "").trim();
  const contextSize = config.get<number>("contextSize", DEFAULT_CONTEXT_SIZE);
  const validContext = Number.isInteger(contextSize) && contextSize >= MIN_CONTEXT_SIZE && contextSize <= MAX_CONTEXT_SIZE;
  if (!validContext) report(`localSlm.contextSize must be an integer from ${MIN_CONTEXT_SIZE} to ${MAX_CONTEXT_SIZE}; using ${DEFAULT_CONTEXT_SIZE}.`);
  const gpu = config.get<string>("gpu", "auto");
  if (gpu !== "auto" && gpu !== "off") report(`localSlm.gpu must be "auto" or "off"; using "auto".`);
  const threads = config.get<unknown>("threads", 0);
  const validThreads = typeof threads === "number" && Number.isInteger(threads) && threads >= 0 && threads <= 256;
  if (!validThreads) report(`localSlm.threads must be an integer from 0 (automatic) to 256; using automatic (${resolveThreadCount(0)}).`);
  const idleMinutes = config.get<number>("idleUnloadMinutes", 15);
  const validIdle = typeof idleMinutes === "number" && Number.isFinite(idleMinutes) && idleMinutes >= 0;
  if (!validIdle) report("localSlm.idleUnloadMinutes must be a number of minutes, 0 or more; using 15.");
  return {
    modelPath: modelPath === "" ? undefined : expandHome(modelPath),
    threads: resolveThreadCount(validThreads ? threads : 0),
    contextSize: validContext ? contextSize : DEFAULT_CONTEXT_SIZE,
    gpu: gpu === "off" ? "off" : ("auto" as GpuSetting),
    idleUnloadMs: (validIdle ? idleMinutes : 15) * 60_000,
    loraAdapters: parseLoraAdapters(config.get<unknown>("loraAdapters", []), expandHome, report),
  };
}

export function expandHome(path: string): string {
  return path.startsWith("~/") ? `${process.env.HOME ?? ""}${path.slice(1)}` : path;
}

/** The user's text commands (localSlm.textCommands), checked; problems are one line each. */
export function readTextCommands(): TextCommandList {
  return parseTextCommands(vscode.workspace.getConfiguration(SECTION).get<unknown>("textCommands", DEFAULT_TEXT_COMMANDS));
}
