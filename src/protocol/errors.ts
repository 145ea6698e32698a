// Error codes the worker returns, so that the host can tell the user what went wrong and what to do.

export const EngineErrorCode = {
  ModelNotFound: "MODEL_NOT_FOUND",
  ModelIsDirectory: "MODEL_IS_DIRECTORY",
  ModelEmpty: "MODEL_EMPTY",
  ModelNotGguf: "MODEL_NOT_GGUF",
  ModelTruncated: "MODEL_TRUNCATED",
  ModelUnsupportedArchitecture: "MODEL_UNSUPPORTED_ARCHITECTURE",
  ModelTooLarge: "MODEL_TOO_LARGE",
  ModelLoadFailed: "MODEL_LOAD_FAILED",
  /** A LoRA adapter is missing, not an adapter, or made for another model (architecture or shapes). */
  LoraAdapterInvalid: "LORA_ADAPTER_INVALID",
  NoModelLoaded: "NO_MODEL_LOADED",
  NoModelConfigured: "NO_MODEL_CONFIGURED",
  InfillUnsupported: "INFILL_UNSUPPORTED",
  /** The model lacks the next-edit format's tokens (<|file_sep|>). */
  NextEditUnsupported: "NEXT_EDIT_UNSUPPORTED",
  PromptTooLong: "PROMPT_TOO_LONG",
  WorkerCrashed: "WORKER_CRASHED",
  WorkerUnavailable: "WORKER_UNAVAILABLE",
  /** A configured server did not answer usefully (unreachable, timed out, 5xx, garbage): worth retrying. */
  ServerUnavailable: "SERVER_UNAVAILABLE",
  /** A configured server refused the request for a reason a setting fixes (API key, model, URL, certificate). */
  ServerMisconfigured: "SERVER_MISCONFIGURED",
  /** The user cancelled (text tools); not a failure to report. */
  Cancelled: "CANCELLED",
  Internal: "INTERNAL",
} as const;

export type EngineErrorCode = (typeof EngineErrorCode)[keyof typeof EngineErrorCode];

/** Errors caused by the model file itself: choosing another file (or fixing this one) cures them. */
export const MODEL_FILE_ERRORS: ReadonlySet<EngineErrorCode> = new Set<EngineErrorCode>([
  EngineErrorCode.ModelNotFound,
  EngineErrorCode.ModelIsDirectory,
  EngineErrorCode.ModelEmpty,
  EngineErrorCode.ModelNotGguf,
  EngineErrorCode.ModelTruncated,
  EngineErrorCode.ModelUnsupportedArchitecture,
  EngineErrorCode.ModelTooLarge,
  EngineErrorCode.ModelLoadFailed,
]);

export interface EngineErrorData {
  code: EngineErrorCode;
  /** The file concerned, when there is one. */
  path?: string;
}

/** An error with a one-line, user-facing message and a machine-readable code. */
export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly path?: string,
    /** `cause`: the error behind an unexpected failure, kept for the log (its stack at debug level). */
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "EngineError";
  }
}

/** JSON-RPC error code used for every EngineError (application range). */
export const ENGINE_ERROR_RPC_CODE = -32001;
