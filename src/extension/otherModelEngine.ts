// The engine a feature with a model setting of its own uses (text tools: localSlm.textModelPath;
// next edit: localSlm.nextEdit.modelPath): the completion engine itself unless the setting names
// another file, which then gets a worker of its own. Equal paths share one engine, so the same
// file is never loaded twice.
import { realpathSync } from "node:fs";
import type * as vscode from "vscode";
import { EngineClient, type EngineConfig } from "../host/engineClient";
import { forkWorker } from "../host/engineWorker";
import type { WorkerLogMessage } from "../protocol/messages";

export interface OtherModelOptions {
  workerPath: string;
  readConfig(): EngineConfig;
  /** The feature's own model setting; undefined when unset. */
  modelPath(): string | undefined;
  /** What the feature's own worker needs on top of the completion settings. */
  extraConfig?: Partial<EngineConfig>;
  log(message: WorkerLogMessage): void;
}

export class OtherModelEngine implements vscode.Disposable {
  private separate: EngineClient | undefined;

  constructor(
    private readonly completion: EngineClient,
    private readonly options: OtherModelOptions,
  ) {}

  /** The engine for the feature right now. */
  current(): EngineClient {
    const path = this.options.modelPath();
    if (!path || samePath(path, this.options.readConfig().modelPath)) return this.completion;
    this.separate ??= new EngineClient({
      createWorker: forkWorker({ workerPath: this.options.workerPath }),
      // LoRA adapters are made for the completion model, not for this one.
      getConfig: () => ({ ...this.options.readConfig(), modelPath: this.options.modelPath(), loraAdapters: [], ...this.options.extraConfig }),
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

export function samePath(a: string, b: string | undefined): boolean {
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
