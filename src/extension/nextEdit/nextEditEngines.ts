// The engine next-edit requests go to: the completion engine (on its own third sequence) unless
// localSlm.nextEdit.modelPath names another model, which then gets a worker of its own. Equal
// paths share one engine.
import { realpathSync } from "node:fs";
import * as vscode from "vscode";
import { EngineClient, type EngineConfig } from "../../host/engineClient";
import { forkWorker } from "../../host/engineWorker";
import type { WorkerLogMessage } from "../../protocol/messages";
import { readNextEditSettings } from "../settings";

/** Does the completion engine serve next edit (so it must allocate the next-edit sequence)? */
export function nextEditOnCompletionModel(config: EngineConfig): boolean {
  const settings = readNextEditSettings();
  return settings.enabled && (!settings.modelPath || samePath(settings.modelPath, config.modelPath));
}

export class NextEditEngines implements vscode.Disposable {
  private separate: EngineClient | undefined;

  constructor(
    private readonly completion: EngineClient,
    private readonly options: { workerPath: string; readConfig(): EngineConfig; log(message: WorkerLogMessage): void },
  ) {}

  current(): EngineClient {
    const config = this.options.readConfig();
    if (nextEditOnCompletionModel(config)) return this.completion;
    this.separate ??= new EngineClient({
      createWorker: forkWorker({ workerPath: this.options.workerPath }),
      // LoRA adapters are made for the completion model, not for this one.
      getConfig: () => ({ ...this.options.readConfig(), modelPath: readNextEditSettings().modelPath, loraAdapters: [], nextEditSequence: true }),
      log: this.options.log,
    });
    return this.separate;
  }

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
