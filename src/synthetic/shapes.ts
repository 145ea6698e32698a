// The model shapes a synthetic GGUF can take. Dimensions are the real models' where one is named,
// so memory estimates, load times and generation speed match what a user would see.
import { GgmlType } from "./quant";

export type SyntheticShape = "tiny" | "qwen2.5-coder-0.5b" | "huge";
export type SyntheticQuant = "f32" | "f16" | "q8_0" | "q4_0";

export interface ShapeSpec {
  architecture: string;
  name: string;
  tokenizer: "llama" | "qwen2";
  contextLength: number;
  embedding: number;
  blocks: number;
  heads: number;
  kvHeads: number;
  feedForward: number;
  ropeFreqBase: number;
  rmsEps: number;
  /** Tied embeddings: no output.weight, llama.cpp reuses token_embd for the output projection. */
  tiedEmbeddings: boolean;
  /** q/k/v projection biases (Qwen2 has them). */
  qkvBias: boolean;
  defaultQuant: SyntheticQuant;
  /** Leave all weights as a hole in a sparse file: only the header is real. */
  sparse: boolean;
}

export const SHAPES: Record<SyntheticShape, ShapeSpec> = {
  // ~0.8 MB in F32: loads in well under a second, for functional tests.
  tiny: {
    architecture: "llama",
    name: "local-slm tiny (synthetic)",
    tokenizer: "llama",
    contextLength: 4096,
    embedding: 64,
    blocks: 2,
    heads: 4,
    kvHeads: 2,
    feedForward: 128,
    ropeFreqBase: 10000,
    rmsEps: 1e-5,
    // Untied: with a tied random embedding the output mostly repeats the last input token (the
    // residual stream still holds its embedding), so greedy infill would only echo <|fim_middle|>.
    tiedEmbeddings: false,
    qkvBias: false,
    defaultQuant: "f32",
    sparse: false,
  },
  // Qwen2.5-Coder-0.5B's config.json: 494M parameters, 531 MB in Q8_0.
  "qwen2.5-coder-0.5b": {
    architecture: "qwen2",
    name: "Qwen2.5-Coder-0.5B shape (synthetic)",
    tokenizer: "qwen2",
    contextLength: 32768,
    embedding: 896,
    blocks: 24,
    heads: 14,
    kvHeads: 2,
    feedForward: 4864,
    ropeFreqBase: 1_000_000,
    rmsEps: 1e-6,
    tiedEmbeddings: true,
    qkvBias: true,
    defaultQuant: "q8_0",
    sparse: false,
  },
  // A Llama-2-70B-sized body (68.5B parameters, ~68 GiB in Q8_0, ~127 GiB in F16) with the tiny
  // vocabulary: no machine here can hold it, so loading it must be refused before it starts.
  huge: {
    architecture: "llama",
    name: "local-slm huge (synthetic, sparse)",
    tokenizer: "llama",
    contextLength: 8192,
    embedding: 8192,
    blocks: 80,
    heads: 64,
    kvHeads: 8,
    feedForward: 28672,
    ropeFreqBase: 10000,
    rmsEps: 1e-5,
    tiedEmbeddings: false,
    qkvBias: false,
    defaultQuant: "q8_0",
    sparse: true,
  },
};

/** general.file_type (llama_ftype): what the bulk of the weights is stored as. */
export const FILE_TYPE: Record<SyntheticQuant, number> = { f32: 0, f16: 1, q4_0: 2, q8_0: 7 };

export const WEIGHT_TYPE: Record<SyntheticQuant, GgmlType> = {
  f32: GgmlType.F32,
  f16: GgmlType.F16,
  q8_0: GgmlType.Q8_0,
  q4_0: GgmlType.Q4_0,
};

/**
 * Type of token_embd. llama.cpp's quantizer gives a tied token_embd the output tensor's type: Q6_K
 * for a Q4_0 model, which falls back to Q8_0 when the row (896 or 64 here) is not a multiple of 256.
 * So a q4_0 model keeps token_embd in Q8_0, as real Qwen2.5-0.5B Q4_0 files do; an untied one
 * (huge) keeps the weight type. Other quants store it like the other matrices.
 */
export function tokenEmbeddingType(shape: ShapeSpec, quant: SyntheticQuant): GgmlType {
  return quant === "q4_0" && shape.tiedEmbeddings ? GgmlType.Q8_0 : WEIGHT_TYPE[quant];
}

/** ChatML, the format Qwen2.5 and the tiny model's control tokens use. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
