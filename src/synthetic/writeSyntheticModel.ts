// Writes a synthetic GGUF model: a real shape and tokenizer with random weights, since no weights
// can be downloaded here. The same options and seed always give the same bytes.
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { gguf, writeGguf, type GgufTensor, type GgufValue } from "./ggufWriter";
import { GgmlType } from "./quant";
import { CHATML_TEMPLATE, FILE_TYPE, SHAPES, WEIGHT_TYPE, tokenEmbeddingType, type ShapeSpec, type SyntheticQuant, type SyntheticShape } from "./shapes";
import { buildLlamaVocab, type Vocab } from "./tokenizer/llamaVocab";
import { loadQwenVocab, type BpeVocab } from "./tokenizer/qwenVocab";
import { constantTensor, randomTensor } from "./weights";

export type { SyntheticShape, SyntheticQuant } from "./shapes";

export interface SyntheticModelOptions {
  shape: SyntheticShape;
  /** Default: f32 for tiny, q8_0 for the others. */
  quant?: SyntheticQuant;
  outPath: string;
  /** Default 1. */
  seed?: number;
  /** Default true: write the FIM tokens and their ids. False leaves no FIM token llama.cpp can find. */
  fim?: boolean;
  /** Default true: write tokenizer.chat_template (ChatML). */
  chatTemplate?: boolean;
  /** Overrides general.architecture (and the key prefix), e.g. to make one llama.cpp does not know. */
  architecture?: string;
}

export interface SyntheticModelResult {
  path: string;
  /** File size (the declared size for a sparse file). */
  bytes: number;
  /** SHA-256 of the file; not computed for sparse files. */
  sha256?: string;
}

const WEIGHT_STD = 0.02; // small random weights keep activations finite through the layers

export async function writeSyntheticModel(o: SyntheticModelOptions): Promise<SyntheticModelResult> {
  const shape = SHAPES[o.shape];
  if (!shape) throw new Error(`unknown synthetic shape ${o.shape}`);
  const quant = o.quant ?? shape.defaultQuant;
  if (!(quant in FILE_TYPE)) throw new Error(`unknown synthetic quant ${quant}`);
  const seed = o.seed ?? 1;
  const fim = o.fim ?? true;
  const arch = o.architecture ?? shape.architecture;

  const vocab = await vocabFor(shape, fim);
  const metadata: Array<[string, GgufValue]> = [
    ["general.architecture", gguf.string(arch)],
    ["general.type", gguf.string("model")],
    ["general.name", gguf.string(shape.name)],
    ["general.description", gguf.string(description(o.shape, quant, seed, vocab))],
    ["general.file_type", gguf.u32(FILE_TYPE[quant])],
    ["general.quantization_version", gguf.u32(2)],
    ...hyperparameters(arch, shape, vocab.tokens.length),
    ...(shape.tokenizer === "qwen2" ? qwenTokenizer(vocab as BpeVocab, fim) : llamaTokenizer(vocab, fim)),
  ];
  if (o.chatTemplate ?? true) metadata.push(["tokenizer.chat_template", gguf.string(CHATML_TEMPLATE)]);

  await mkdir(dirname(o.outPath), { recursive: true });
  const result = await writeGguf(
    o.outPath,
    { metadata, tensors: tensors(shape, quant, vocab.tokens.length, seed) },
    { sparse: shape.sparse, hash: !shape.sparse },
  );
  return { path: o.outPath, ...result };
}

async function vocabFor(shape: ShapeSpec, fim: boolean): Promise<Vocab> {
  return shape.tokenizer === "qwen2" ? await loadQwenVocab({ fim }) : buildLlamaVocab({ fim });
}

/**
 * The general.description a model written with these options gets: `make-test-model --if-missing`
 * compares it with the file's, so a model written by an older recipe (another tokenizer) is
 * written again instead of silently reused.
 */
export async function syntheticDescription(o: Pick<SyntheticModelOptions, "shape" | "quant" | "seed" | "fim">): Promise<string> {
  const shape = SHAPES[o.shape];
  return description(o.shape, o.quant ?? shape.defaultQuant, o.seed ?? 1, await vocabFor(shape, o.fim ?? true));
}

function description(shape: SyntheticShape, quant: SyntheticQuant, seed: number, vocab: Vocab): string {
  const bpe = "source" in vocab ? `; tokenizer: ${(vocab as BpeVocab).source}` : "";
  return `Synthetic ${shape} ${quant} model with random weights (seed ${seed}) for local-slm tests${bpe}.`;
}

function hyperparameters(arch: string, s: ShapeSpec, nVocab: number): Array<[string, GgufValue]> {
  const kv: Array<[string, GgufValue]> = [
    [`${arch}.context_length`, gguf.u32(s.contextLength)],
    [`${arch}.embedding_length`, gguf.u32(s.embedding)],
    [`${arch}.block_count`, gguf.u32(s.blocks)],
    [`${arch}.feed_forward_length`, gguf.u32(s.feedForward)],
    [`${arch}.attention.head_count`, gguf.u32(s.heads)],
    [`${arch}.attention.head_count_kv`, gguf.u32(s.kvHeads)],
    [`${arch}.rope.freq_base`, gguf.f32(s.ropeFreqBase)],
    [`${arch}.attention.layer_norm_rms_epsilon`, gguf.f32(s.rmsEps)],
  ];
  // Llama GGUFs carry these; Qwen2 ones do not (llama.cpp derives them).
  if (s.tokenizer === "llama") {
    kv.push([`${arch}.rope.dimension_count`, gguf.u32(s.embedding / s.heads)], [`${arch}.vocab_size`, gguf.u32(nVocab)]);
  }
  return kv;
}

function llamaTokenizer(v: Vocab, fim: boolean): Array<[string, GgufValue]> {
  const kv: Array<[string, GgufValue]> = [
    ["tokenizer.ggml.model", gguf.string("llama")],
    ["tokenizer.ggml.pre", gguf.string("default")],
    ["tokenizer.ggml.tokens", gguf.strings(v.tokens)],
    ["tokenizer.ggml.scores", gguf.f32s(v.scores!)],
    ["tokenizer.ggml.token_type", gguf.i32s(v.types)],
    ["tokenizer.ggml.bos_token_id", gguf.u32(v.id("<s>"))],
    ["tokenizer.ggml.eos_token_id", gguf.u32(v.id("</s>"))],
    ["tokenizer.ggml.unknown_token_id", gguf.u32(v.id("<unk>"))],
    ["tokenizer.ggml.eot_token_id", gguf.u32(v.id("<|im_end|>"))],
    ["tokenizer.ggml.add_bos_token", gguf.bool(true)],
    ["tokenizer.ggml.add_eos_token", gguf.bool(false)],
  ];
  if (fim) kv.push(...fimIds(v));
  return kv;
}

// As in Qwen2.5-Coder base GGUFs: bos = eos = pad = <|endoftext|>, no BOS added, no eot key
// (llama.cpp finds <|im_end|> / <|endoftext|> by their text and treats both as end of generation).
function qwenTokenizer(v: BpeVocab, fim: boolean): Array<[string, GgufValue]> {
  const endOfText = v.id("<|endoftext|>");
  const kv: Array<[string, GgufValue]> = [
    ["tokenizer.ggml.model", gguf.string("gpt2")],
    ["tokenizer.ggml.pre", gguf.string("qwen2")],
    ["tokenizer.ggml.tokens", gguf.strings(v.tokens)],
    ["tokenizer.ggml.token_type", gguf.i32s(v.types)],
    ["tokenizer.ggml.merges", gguf.strings(v.merges)],
    ["tokenizer.ggml.eos_token_id", gguf.u32(endOfText)],
    ["tokenizer.ggml.padding_token_id", gguf.u32(endOfText)],
    ["tokenizer.ggml.bos_token_id", gguf.u32(endOfText)],
    ["tokenizer.ggml.add_bos_token", gguf.bool(false)],
  ];
  if (fim) kv.push(...fimIds(v));
  return kv;
}

function fimIds(v: Vocab): Array<[string, GgufValue]> {
  return [
    ["tokenizer.ggml.fim_pre_token_id", gguf.u32(v.id("<|fim_prefix|>"))],
    ["tokenizer.ggml.fim_suf_token_id", gguf.u32(v.id("<|fim_suffix|>"))],
    ["tokenizer.ggml.fim_mid_token_id", gguf.u32(v.id("<|fim_middle|>"))],
    ["tokenizer.ggml.fim_pad_token_id", gguf.u32(v.id("<|fim_pad|>"))],
  ];
}

/** Tensors in llama.cpp's names and ggml dimension order; 1-D tensors (norms, biases) stay F32. */
function tensors(s: ShapeSpec, quant: SyntheticQuant, nVocab: number, seed: number): GgufTensor[] {
  const w = WEIGHT_TYPE[quant];
  const E = s.embedding;
  const kvWidth = (E / s.heads) * s.kvHeads;
  const matrix = (name: string, dims: number[], type = w): GgufTensor => ({ name, dims, type, data: randomTensor(type, dims, seed, name, WEIGHT_STD) });
  const bias = (name: string, n: number): GgufTensor => matrix(name, [n], GgmlType.F32);
  const norm = (name: string): GgufTensor => ({ name, dims: [E], type: GgmlType.F32, data: constantTensor([E], 1) });

  const out: GgufTensor[] = [matrix("token_embd.weight", [E, nVocab], tokenEmbeddingType(s, quant))];
  for (let i = 0; i < s.blocks; i++) {
    const b = `blk.${i}`;
    out.push(norm(`${b}.attn_norm.weight`));
    out.push(matrix(`${b}.attn_q.weight`, [E, E]), matrix(`${b}.attn_k.weight`, [E, kvWidth]), matrix(`${b}.attn_v.weight`, [E, kvWidth]));
    if (s.qkvBias) out.push(bias(`${b}.attn_q.bias`, E), bias(`${b}.attn_k.bias`, kvWidth), bias(`${b}.attn_v.bias`, kvWidth));
    out.push(matrix(`${b}.attn_output.weight`, [E, E]));
    out.push(norm(`${b}.ffn_norm.weight`));
    out.push(matrix(`${b}.ffn_gate.weight`, [E, s.feedForward]), matrix(`${b}.ffn_up.weight`, [E, s.feedForward]));
    out.push(matrix(`${b}.ffn_down.weight`, [s.feedForward, E]));
  }
  out.push(norm("output_norm.weight"));
  if (!s.tiedEmbeddings) out.push(matrix("output.weight", [E, nVocab]));
  return out;
}
