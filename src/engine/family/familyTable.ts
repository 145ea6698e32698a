// What each code-model family expects, by token text (checked against llama.cpp's llama-vocab.cpp
// and the publishers' formats; see the README's model family table). Pure data: detection and
// prompt building are in modelFamily.ts and fimPrompt.ts.

export type FamilyId = "qwen2.5-coder" | "starcoder2" | "starcoder" | "deepseek-coder" | "codellama" | "codegemma" | "codestral" | "generic";

export interface FamilySpec {
  id: FamilyId;
  /** For messages and `local-slm prompt`. */
  label: string;
  /** The token texts that identify the family; all must be in the vocabulary. */
  marks: readonly string[];
  fim?: {
    prefix: string;
    suffix: string;
    /** Absent: a suffix-first family (SUF suffix PRE prefix, nothing after). */
    middle?: string;
    /**
     * "sentencepiece": Meta's and Mistral's infilling whitespace: the prefix encoded as usual (a
     * SentencePiece vocabulary adds its leading "▁"), the suffix without one.
     */
    whitespace: "plain" | "sentencepiece";
  };
  /** Token texts that end a middle or an answer, besides llama.cpp's own end-of-generation set. */
  stops: readonly string[];
  /** Repository-level context tokens the family was trained with. */
  repository?: { repoName: string; fileSep: string; layout: "qwen" | "starcoder2" };
}

/** Most specific first: the first family whose marks are all in the vocabulary wins. */
export const FAMILIES: readonly FamilySpec[] = [
  {
    id: "codegemma",
    label: "CodeGemma",
    marks: ["<|fim_prefix|>", "<|file_separator|>"],
    fim: { prefix: "<|fim_prefix|>", suffix: "<|fim_suffix|>", middle: "<|fim_middle|>", whitespace: "plain" },
    stops: ["<|file_separator|>", "<eos>", "<end_of_turn>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"],
  },
  {
    id: "qwen2.5-coder",
    label: "Qwen2.5-Coder",
    marks: ["<|fim_prefix|>", "<|fim_suffix|>"],
    fim: { prefix: "<|fim_prefix|>", suffix: "<|fim_suffix|>", middle: "<|fim_middle|>", whitespace: "plain" },
    // QwenLM's examples/Qwen2.5-Coder.md and generation_config eos_token_ids.
    stops: ["<|endoftext|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>", "<|im_end|>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"],
    repository: { repoName: "<|repo_name|>", fileSep: "<|file_sep|>", layout: "qwen" },
  },
  {
    id: "starcoder2",
    label: "StarCoder2",
    marks: ["<fim_prefix>", "<file_sep>"],
    fim: { prefix: "<fim_prefix>", suffix: "<fim_suffix>", middle: "<fim_middle>", whitespace: "plain" },
    // Trained with a <file_sep> after each middle: it is the usual end of an infill.
    stops: ["<|endoftext|>", "<file_sep>", "<repo_name>", "<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<fim_pad>"],
    repository: { repoName: "<repo_name>", fileSep: "<file_sep>", layout: "starcoder2" },
  },
  {
    // StarCoder (1) tokens: also Granite-code and Refact.
    id: "starcoder",
    label: "StarCoder / Granite-code",
    marks: ["<fim_prefix>", "<fim_suffix>"],
    fim: { prefix: "<fim_prefix>", suffix: "<fim_suffix>", middle: "<fim_middle>", whitespace: "plain" },
    stops: ["<|endoftext|>", "<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<fim_pad>", "<filename>", "<reponame>"],
  },
  {
    id: "deepseek-coder",
    label: "DeepSeek-Coder",
    marks: ["<｜fim▁begin｜>", "<｜fim▁hole｜>"],
    fim: { prefix: "<｜fim▁begin｜>", suffix: "<｜fim▁hole｜>", middle: "<｜fim▁end｜>", whitespace: "plain" },
    stops: ["<｜end▁of▁sentence｜>", "<|EOT|>", "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>"],
  },
  {
    id: "codellama",
    label: "CodeLlama",
    marks: ["▁<PRE>", "▁<SUF>"],
    fim: { prefix: "▁<PRE>", suffix: "▁<SUF>", middle: "▁<MID>", whitespace: "sentencepiece" },
    // llama.cpp's EOG list has "<EOT>" and "_<EOT>", not CodeLlama's "▁<EOT>".
    stops: ["▁<EOT>", "</s>", "▁<PRE>", "▁<SUF>", "▁<MID>"],
  },
  {
    id: "codestral",
    label: "Codestral",
    marks: ["[SUFFIX]", "[PREFIX]"],
    // mistral-common's encode_fim: BOS [SUFFIX] suffix [PREFIX] prefix; the model writes the middle.
    fim: { prefix: "[PREFIX]", suffix: "[SUFFIX]", whitespace: "sentencepiece" },
    stops: ["</s>", "[PREFIX]", "[SUFFIX]"],
  },
];

/** Models with no family mark: llama.cpp's own FIM tokens (if any), its EOG set only. */
export const GENERIC_FAMILY: FamilySpec = { id: "generic", label: "other", marks: [], stops: [] };

/** The family whose marks the vocabulary has (GENERIC_FAMILY when none). */
export function familyByTokens(has: (text: string) => boolean): FamilySpec {
  return FAMILIES.find((f) => f.marks.every(has)) ?? GENERIC_FAMILY;
}

/** Instruction or chat tuning, as model names say it ("Qwen2.5-Coder-1.5B-Instruct", "codegemma-7b-it"). */
export function looksInstructTuned(names: ReadonlyArray<string | undefined>): boolean {
  return /(^|[^a-z])(instruct|chat|it)([^a-z]|$)/i.test(names.filter(Boolean).join(" "));
}

/** A base model of the family to suggest for completion. */
export function baseModelFor(id: FamilyId): string {
  switch (id) {
    case "starcoder2": return "StarCoder2-3B";
    case "deepseek-coder": return "DeepSeek-Coder-1.3B-base";
    case "codellama": return "CodeLlama-7B (not -Instruct)";
    case "codegemma": return "CodeGemma-2B";
    default: return "Qwen2.5-Coder-1.5B (not -Instruct)";
  }
}
