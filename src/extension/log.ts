import * as vscode from "vscode";
import type { WorkerLogMessage } from "../protocol/messages";

/** The "Local SLM" log output channel; the worker's stderr and log lines go here. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel("Local SLM", { log: true });
}

export function writeWorkerLog(channel: vscode.LogOutputChannel, { level, message }: WorkerLogMessage): void {
  channel[level](`[worker] ${message}`);
}
