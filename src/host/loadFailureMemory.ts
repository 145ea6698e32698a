// A load that failed because of the files (missing, corrupt, too large, a bad adapter) fails the
// same way until the settings or one of those files change. Remembering it spares a worker round
// trip, a flash of the "loading" state and a log line on every keystroke while the user has not
// fixed anything yet. A stat per request tells when a file appears or changes.
import { statSync } from "node:fs";
import { type EngineError, EngineErrorCode, MODEL_FILE_ERRORS } from "../protocol/errors";
import type { LoadModelParams } from "../protocol/types";

interface Failure {
  params: string;
  files: string;
  error: EngineError;
}

export class LoadFailureMemory {
  private failure: Failure | undefined;

  remember(params: LoadModelParams, error: EngineError): void {
    this.failure = MODEL_FILE_ERRORS.has(error.code) || error.code === EngineErrorCode.LoraAdapterInvalid ? { params: JSON.stringify(params), files: filesSignature(params), error } : undefined;
  }

  /** The remembered error when nothing it depends on changed; otherwise forgets it. */
  recall(params: LoadModelParams): EngineError | undefined {
    const failure = this.failure;
    if (!failure) return undefined;
    if (failure.params === JSON.stringify(params) && failure.files === filesSignature(params)) return failure.error;
    this.failure = undefined;
    return undefined;
  }

  forget(): void {
    this.failure = undefined;
  }
}

function filesSignature(params: LoadModelParams): string {
  return [params.modelPath, ...(params.loraAdapters ?? []).map((a) => a.path)].map(fileSignature).join("|");
}

function fileSignature(path: string): string {
  try {
    const stats = statSync(path);
    return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? "unreadable";
  }
}
