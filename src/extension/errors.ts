import * as vscode from "vscode";
import { EngineError, EngineErrorCode } from "../protocol/errors";
import { openSettings } from "./openSettings";

const FILE_PROBLEMS: ReadonlySet<string> = new Set([
  EngineErrorCode.ModelNotFound,
  EngineErrorCode.ModelIsDirectory,
  EngineErrorCode.ModelEmpty,
  EngineErrorCode.ModelNotGguf,
  EngineErrorCode.ModelTruncated,
  EngineErrorCode.ModelUnsupportedArchitecture,
  EngineErrorCode.ModelTooLarge,
  EngineErrorCode.ModelLoadFailed,
  EngineErrorCode.NoModelConfigured,
]);

/**
 * Shows an engine error with the action that fixes it. Errors caused by the model file offer to
 * open the setting; the rest offer the log. Never throws, never blocks the caller.
 */
export function showEngineError(error: unknown, log: vscode.LogOutputChannel): void {
  const message = error instanceof Error ? error.message : String(error);
  log.error(message);
  const fixable = error instanceof EngineError && FILE_PROBLEMS.has(error.code);
  const actions = fixable ? ["Open Settings", "Show Log"] : ["Show Log"];
  void vscode.window.showErrorMessage(`Local SLM: ${message}`, ...actions).then((choice) => {
    if (choice === "Open Settings") void openSettings("localSlm.modelPath");
    if (choice === "Show Log") log.show(true);
  });
}
