// Data shapes shared by the extension host, the CLI and the inference worker.
// Plain JSON only: everything here crosses a process boundary.

export type GpuSetting = "auto" | "off";
export type Backend = "cpu" | "cuda" | "vulkan" | "metal";

/** Which context sequence serves a request: completion and text tools keep separate KV caches. */
export type SequenceName = "completion" | "text" | "nextEdit";

export interface LoadModelParams {
  modelPath: string;
  /** Context size in tokens (shared by both sequences' budget, each sequence gets the whole size). */
  contextSize: number;
  threads: number;
  gpu: GpuSetting;
  /** LoRA adapters applied on top of the model, in order (none by default). */
  loraAdapters?: LoraAdapter[];
  /** Progress token for load progress ({kind: "load"}); set by the client. */
  progressToken?: string;
  /** A third sequence for next-edit requests (KV memory for one more context; off unless next edit is on). */
  nextEditSequence?: boolean;
}

/** A LoRA adapter GGUF made for the loaded model's shape; `scale` 0 turns it off, 1 applies it as trained. */
export interface LoraAdapter {
  path: string;
  scale: number;
}

export interface ModelInfo {
  path: string;
  name: string;
  architecture: string;
  fileSizeBytes: number;
  /** Context length the model was trained with (from the GGUF). */
  contextLength: number;
  /** Context size actually allocated. */
  contextSize: number;
  fim: boolean;
  chatTemplate: boolean;
  quantization: string;
  backend: Backend;
  gpuDevices: string[];
  threads: number;
  vocabularySize: number;
  loadMs: number;
  estimatedMemoryBytes: number;
  /** The LoRA adapters applied, when any. */
  loraAdapters?: LoraAdapter[];
  /** The code-model family its tokens say, e.g. "Qwen2.5-Coder" ("other" when none). */
  family?: string;
  /** Set for an instruction-tuned model with FIM tokens: why completion will be poor, and what to use. */
  completionWarning?: string;
}

export interface SamplingParams {
  maxTokens: number;
  temperature?: number;
  seed?: number;
  topK?: number;
  topP?: number;
  /** Stop when any of these strings appears in the output (the stop string itself is not returned). */
  stop?: string[];
  /** Hard limit on wall time for the whole request, in ms. */
  timeLimitMs?: number;
  /**
   * Keep generating through end-of-generation tokens (they add no text): benchmarks on
   * random-weight models, which emit one almost at once. node-llama-cpp's TokenBias cannot forbid
   * EOS/EOT (it ignores them), so the loop simply does not stop on them.
   */
  ignoreEndOfGeneration?: boolean;
  /** Progress token for streamed prompt progress and partial text; set by the client. */
  progressToken?: string;
}

export interface GenerateParams extends SamplingParams {
  prompt: string;
  sequence?: SequenceName;
  /** Prepend the model's BOS token when it asks for one (default true). */
  addBos?: boolean;
}

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Generation from chat messages, laid out by the model's own chat template (instruct models). */
export interface ChatParams extends SamplingParams {
  messages: ChatMessage[];
}

/**
 * Scores a closed set of answers instead of generating free text: the probability of each label's
 * tokens right after the prompt. The prompt is chat messages (the answer starts the assistant's
 * turn) or plain text (the answer continues it, so labels usually start with a space).
 */
export interface ClassifyParams {
  messages?: ChatMessage[];
  prompt?: string;
  labels: string[];
  /**
   * Other spellings of the same labels, same order (e.g. capitalized). Every spelling is scored and
   * a label's probability is the sum over its spellings (the model may prefer "Positive"); when
   * the spellings' first tokens tell the labels apart, one decode scores them all.
   */
  labelVariants?: string[][];
}

export interface ClassifyResult {
  /** One per label, in the order given; they sum to 1. */
  scores: number[];
  timings: Timings;
}

export interface CountTokensParams {
  texts: string[];
}

/** A GGUF file described from its metadata (no weights loaded), for choosing a model. */
export type ModelSummary =
  | {
      path: string;
      ok: true;
      /** "vocab": a tokenizer-only file (no tensors), e.g. llama.cpp's ggml-vocab-*.gguf. */
      kind: "model" | "adapter" | "projector" | "vocab";
      name: string;
      architecture: string;
      sizeBytes: number;
      quantization: string;
      /** e.g. "0.5B", when the file says. */
      sizeLabel?: string;
      /** Weights counted from the tensor table (for an adapter: its own, small). */
      parameterCount?: number;
      /** For kind "adapter": the LoRA's alpha (llama.cpp scales by alpha / rank). */
      loraAlpha?: number;
      contextLength?: number;
      fim: boolean;
      chatTemplate: boolean;
      /** The code-model family its tokens say (Qwen2.5-Coder, StarCoder2, ...), when known. */
      family?: string;
      /** What it is good for: completion needs a FIM-trained base model, the text tools an instruct one. */
      suits: { completion: boolean; text: boolean };
      /** One line on why it does not suit completion although it has FIM tokens. */
      advice?: string;
    }
  | { path: string; ok: false; error: string };

export interface InfillParams extends SamplingParams {
  prefix: string;
  suffix: string;
  /**
   * Other files and the current file's path, put in the model's own repository format when its
   * vocabulary has one (Qwen2.5-Coder <|repo_name|>/<|file_sep|>, StarCoder2 <repo_name>/<file_sep>).
   */
  repository?: RepositoryContext;
  /** The same files rendered as comments: put before the prefix when the model has no repository tokens. */
  repositoryComment?: string;
  /** Log the prompt's tokens at trace level (the host sets it when its log channel is at Trace). */
  tracePrompt?: boolean;
  /** Only build the prompt and describe it: nothing is generated (`local-slm prompt`). */
  describeOnly?: boolean;
}

export interface PromptToken {
  id: number;
  /** The token's text with special tokens rendered ("<|fim_prefix|>"). */
  text: string;
  /** A control/special token (not text the user wrote). */
  special: boolean;
}

/** A prompt exactly as the model gets it. */
export interface PromptDescription {
  family: string;
  familyLabel: string;
  tokens: PromptToken[];
  /** The tokens rendered back to text, special tokens included. */
  text: string;
  /** Tokens that end generation: the family's and llama.cpp's end-of-generation set. */
  stopTokens: PromptToken[];
  /** The model's own repository-context tokens were available. */
  repositoryTokens?: boolean;
  /** Why this model is a poor choice for completion, when it is. */
  warning?: string;
}

export interface RepositoryContext {
  /** e.g. the workspace folder's name. */
  name?: string;
  /** The current file's workspace-relative path. */
  currentPath?: string;
  /** Excerpts of related files, most relevant first; kept the same while the user types in one document. */
  files: Array<{ path: string; text: string }>;
}

export type StopReason = "endOfGeneration" | "maxTokens" | "stopString" | "timeLimit" | "aborted";

export interface Timings {
  /** Tokens in the prompt sent to the model. */
  promptTokens: number;
  /** Prompt tokens actually evaluated (the rest came from the KV cache). */
  promptTokensEvaluated: number;
  promptTokensReused: number;
  generatedTokens: number;
  /** From the start of the request to the first generated token (prompt processing). */
  promptMs: number;
  /** From the first generated token to the end. */
  generationMs: number;
  totalMs: number;
  /**
   * Cores other processes kept busy while the local worker ran this request (its CPU clock:
   * every core's busy time less its own); absent from server backends. The completion scheduler
   * starts requests before a pause in typing only while this is low.
   */
  otherBusyCores?: number;
}

export interface GenerationResult {
  text: string;
  stopReason: StopReason;
  /** The token that ended generation, when stopReason is endOfGeneration. */
  stopToken?: { id: number; text: string };
  timings: Timings;
}

/** Streamed while a request runs: model load progress, prompt processing progress, then generated text. */
export type GenerationProgress =
  | { kind: "load"; fraction: number }
  | { kind: "prompt"; evaluated: number; total: number }
  /** generatedTokens: tokens generated so far (a delta may hold several, or wait for the next). */
  | { kind: "text"; delta: string; generatedTokens?: number };

export interface WorkerStatus {
  pid: number;
  model: ModelInfo | null;
  rssBytes: number;
  /** JavaScript heap and external buffers in use: what grows if the worker's JS side leaks. */
  heapBytes: number;
  /** CPU time the worker process has used since it started (all its threads, user + system), ms. */
  cpuMs: number;
  busy: SequenceName[];
}

/** A next-edit prompt (src/nextEdit/sweepPrompt.ts): the text after each <|file_sep|> control token. */
export interface NextEditParams extends SamplingParams {
  sections: string[];
}
