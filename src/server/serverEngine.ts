// What every server client offers: the completion pipeline's InfillEngine and the text tools'
// TextEngine, so context, cache, abort and post-processing are the same whichever backend runs,
// plus a health probe (for the hybrid backend) and a description (for the status bar and the CLI).
import type { InfillEngine } from "../completion/completionPipeline";
import type { RequestOptions } from "../protocol/requestOptions";
import type { ModelInfo } from "../protocol/types";
import type { TextEngine } from "../text/textEngine";
import type { ServerApi } from "./serverTypes";

export interface ServerEngine extends InfillEngine, TextEngine {
  readonly api: ServerApi;
  readonly url: string;
  /** Resolves when the server answers at all (a cheap request); rejects with a ServerError. */
  health(options?: RequestOptions & { timeoutMs?: number }): Promise<void>;
  /** E.g. "llama-server at http://127.0.0.1:8012 (tiny.gguf)". */
  describe(): string;
  dispose(): void;
}

/** ModelInfo for a model that runs on a server: what the text tools and the status bar read. */
export function serverModelInfo(api: ServerApi, url: string, model: string, details: { contextSize?: number; fim: boolean; chatTemplate: boolean; vocabularySize?: number }): ModelInfo {
  return {
    path: `${url}#${model}`,
    name: model,
    architecture: api,
    fileSizeBytes: 0,
    contextLength: details.contextSize ?? 0,
    // Unknown sizes count as 4096: the text tools split long input to fit it.
    contextSize: details.contextSize && details.contextSize > 0 ? details.contextSize : 4096,
    fim: details.fim,
    chatTemplate: details.chatTemplate,
    quantization: "server",
    backend: "cpu",
    gpuDevices: [],
    threads: 0,
    vocabularySize: details.vocabularySize ?? 0,
    loadMs: 0,
    estimatedMemoryBytes: 0,
  };
}

/** Tokens a text has, estimated where the server cannot count (no tokenizer endpoint): generous, so splitting stays safe. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3);
}
