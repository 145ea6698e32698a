import * as vscode from "vscode";
import { EngineError, EngineErrorCode, MODEL_FILE_ERRORS } from "../protocol/errors";
import { openSettings } from "./openSettings";

const shown = new Set<string>();

/** The settings changed: the next error is news again, even with the same text. */
export function forgetShownErrors(): void {
  shown.clear();
}

/** True the first time a message is seen (until the settings change): background callers show it then only. */
export function firstTimeShown(message: string): boolean {
  if (shown.has(message)) return false;
  shown.add(message);
  return true;
}

/** Whether choosing another model fixes it (the model file is missing, broken or too large). */
export function isModelFileProblem(error: unknown): boolean {
  return error instanceof EngineError && (MODEL_FILE_ERRORS.has(error.code) || error.code === EngineErrorCode.NoModelConfigured);
}

/** The engine says what is wrong; the editor adds where to fix it (the CLI says --model). */
function withFix(message: string, error: unknown): string {
  if (error instanceof EngineError && error.code === EngineErrorCode.ModelNotFound) return `${message} Choose an existing .gguf file (setting localSlm.modelPath).`;
  return message;
}

/**
 * Shows an engine error with the action that fixes it. Errors caused by the model file offer to
 * select another model or open the setting; a bad LoRA adapter opens its setting; the rest offer
 * the log. Never throws, never blocks the caller.
 */
export function showEngineError(error: unknown, log: vscode.LogOutputChannel, options: { onlyOnce?: boolean } = {}): void {
  const message = withFix(error instanceof Error ? error.message : String(error), error);
  // Background requests (a completion per keystroke) do not repeat a message already shown.
  if (!firstTimeShown(message) && options.onlyOnce) return;
  log.error(message);
  const adapter = error instanceof EngineError && error.code === EngineErrorCode.LoraAdapterInvalid;
  const actions = isModelFileProblem(error) ? ["Select Model", "Open Settings", "Show Log"] : adapter ? ["Open Settings", "Show Log"] : ["Show Log"];
  void vscode.window.showErrorMessage(`Local SLM: ${message}`, ...actions).then((choice) => {
    if (choice === "Select Model") void vscode.commands.executeCommand("localSlm.selectModel");
    if (choice === "Open Settings") void openSettings(adapter ? "localSlm.loraAdapters" : "localSlm.modelPath");
    if (choice === "Show Log") log.show(true);
  });
}
