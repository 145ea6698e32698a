// The engine the text tools (summarize, sentiment) use: the completion engine itself unless the
// user chose a different model for text (a coder base model completes code, an instruct model
// writes summaries). The same file is never loaded twice: equal paths share one engine.
import { realpathSync } from "node:fs";
import * as vscode from "vscode";
import { EngineClient, type EngineConfig } from "../host/engineClient";
import type { WorkerLogMessage } from "../protocol/messages";
import { forkWorker } from "../host/engineWorker";

export class TextEngines implements vscode.Disposable {
  private separate: EngineClient | undefined;

  constructor(
    private readonly completion: EngineClient,
    private readonly options: { workerPath: string; readConfig(): EngineConfig; textModelPath(): string | undefined; log(message: WorkerLogMessage): void },
  ) {}

  /** The engine for text tools right now. */
  current(): EngineClient {
    const textPath = this.options.textModelPath();
    if (!textPath || samePath(textPath, this.options.readConfig().modelPath)) return this.completion;
    this.separate ??= new EngineClient({
      createWorker: forkWorker({ workerPath: this.options.workerPath }),
      // The adapters are made for the completion model, not for this one.
      getConfig: () => ({ ...this.options.readConfig(), modelPath: this.options.textModelPath(), loraAdapters: [] }),
      log: this.options.log,
    });
    return this.separate;
  }

  /** Settings changed: the separate engine (if any) loads the new model on its next request. */
  async reset(): Promise<void> {
    const separate = this.separate;
    this.separate = undefined;
    await separate?.dispose();
  }

  dispose(): void {
    void this.reset();
  }
}

function samePath(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  return a === b || real(a) === real(b);
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
