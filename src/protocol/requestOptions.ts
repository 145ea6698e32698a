// What a caller can attach to one engine request, whichever backend serves it: the completion
// pipeline and the text tools depend on this, not on the host's worker process.

export interface RequestOptions {
  signal?: AbortSignal;
  /** Streamed text; generatedTokens counts the tokens generated so far, when the backend knows. */
  onPartialText?: (delta: string, generatedTokens?: number) => void;
  /** Prompt tokens evaluated so far, of the tokens that were not already in the KV cache. */
  onPromptProgress?: (evaluated: number, total: number) => void;
  /** Model load progress, 0 to 1. */
  onLoadProgress?: (fraction: number) => void;
}
