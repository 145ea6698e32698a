// Reads the extension's settings. Invalid values fall back to the default (and are reported once)
// rather than reaching the worker.
import * as vscode from "vscode";
import type { EngineConfig } from "../host/engineClient";
import type { GpuSetting } from "../protocol/types";
import { resolveThreadCount } from "../shared/threads";
import { parseLoraAdapters } from "./parseLoraAdapters";

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
