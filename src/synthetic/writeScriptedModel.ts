// A model whose greedy output is scripted: a one-layer llama GGUF on a real vocabulary whose
// attention output and FFN down projections are zero, so nothing is added to the residual stream
// and the logits depend only on the current token's embedding. Each scripted "from" token gets its
// own one-hot embedding dimension (every other token shares dimension 0), and the output matrix maps
// that dimension to the "to" token: greedy decoding follows the bigram table. Tests then see what a
// real model would send: a middle ending in <file_sep>, a leading-space token, an end-of-turn.
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { gguf, writeGguf, type GgufTensor, type GgufValue } from "./ggufWriter";
import { readGgufMetadata } from "./ggufReader";
import { f32ToF16, GgmlType } from "./quant";
import { constantTensor } from "./weights";
import { ensureRealVocab, VOCAB_FAMILIES, type VocabFamily } from "./vocabs/realVocabs";

/** A token by id, or by its exact text in the vocabulary ("<|file_sep|>", "▁value", "Ġvalue"). */
export type ScriptToken = number | string;

export interface ScriptedModelOptions {
  /** A family's real vocabulary (see vocabs/realVocabs) or the path of any GGUF with a tokenizer. */
  vocab: VocabFamily | string;
  /**
   * Bigrams [from, to]: after `from`, greedy decoding picks `to`. Or a sequence [a, b, c, ...]:
   * after a comes b, after b comes c (every token but the last must be distinct).
   */
  script: ReadonlyArray<readonly [ScriptToken, ScriptToken]> | { sequence: readonly ScriptToken[] };
  /** What follows any token the script does not name. Default: the vocabulary's EOS. */
  otherwise?: ScriptToken;
  outPath: string;
  /** Default 4096. */
  contextLength?: number;
}

const WIDTH = 64; // embedding width: up to 63 scripted "from" tokens
const LOGIT = 8; // output weight of a scripted pair (the normed hidden state is 8 on its dimension)

export async function writeScriptedModel(o: ScriptedModelOptions): Promise<{ path: string; bytes: number; pairs: Array<[number, number]> }> {
  const vocabPath = (VOCAB_FAMILIES as readonly string[]).includes(o.vocab) ? await ensureRealVocab(o.vocab as VocabFamily) : o.vocab;
  const vocabMetadata = await readGgufMetadata(vocabPath);
  const tokenizerKeys = vocabMetadata.filter(([key]) => key.startsWith("tokenizer."));
  const tokens = arrayOf(tokenizerKeys, "tokenizer.ggml.tokens") as string[];
  const index = new Map<string, number>();
  tokens.forEach((t, i) => index.has(t) || index.set(t, i));
  const idOf = (t: ScriptToken): number => {
    const id = typeof t === "number" ? t : index.get(t);
    if (id === undefined || id < 0 || id >= tokens.length) throw new Error(`scripted token ${JSON.stringify(t)} is not in the vocabulary ${vocabPath}`);
    return id;
  };

  const pairs = toPairs(o.script).map(([a, b]) => [idOf(a), idOf(b)] as [number, number]);
  const dimOf = new Map<number, number>();
  for (const [from, to] of pairs) {
    const known = dimOf.get(from);
    if (known !== undefined) throw new Error(`token ${from} (${tokens[from]}) is scripted twice: a bigram table gives each token one successor`);
    dimOf.set(from, dimOf.size + 1);
    void to;
  }
  if (dimOf.size >= WIDTH) throw new Error(`at most ${WIDTH - 1} scripted tokens, got ${dimOf.size}`);
  const eos = scalarOf(tokenizerKeys, "tokenizer.ggml.eos_token_id");
  const otherwise = o.otherwise !== undefined ? idOf(o.otherwise) : typeof eos === "number" ? eos : 0;
  const successor = new Map<number, number[]>(); // to-token -> dimensions that lead to it
  const lead = (to: number, dim: number) => successor.set(to, [...(successor.get(to) ?? []), dim]);
  for (const [from, to] of pairs) lead(to, dimOf.get(from)!);
  lead(otherwise, 0);

  const nVocab = tokens.length;
  const arch = "llama";
  const metadata: Array<[string, GgufValue]> = [
    ["general.architecture", gguf.string(arch)],
    ["general.type", gguf.string("model")],
    ["general.name", gguf.string("local-slm scripted model (synthetic)")],
    ["general.description", gguf.string(`Scripted bigram model on ${vocabPath.split("/").pop()}: ${pairs.map(([a, b]) => `${a}->${b}`).join(" ")}, otherwise ${otherwise}.`)],
    ["general.file_type", gguf.u32(1)],
    [`${arch}.context_length`, gguf.u32(o.contextLength ?? 4096)],
    [`${arch}.embedding_length`, gguf.u32(WIDTH)],
    [`${arch}.block_count`, gguf.u32(1)],
    [`${arch}.feed_forward_length`, gguf.u32(WIDTH)],
    [`${arch}.attention.head_count`, gguf.u32(1)],
    [`${arch}.attention.head_count_kv`, gguf.u32(1)],
    [`${arch}.rope.freq_base`, gguf.f32(10000)],
    [`${arch}.attention.layer_norm_rms_epsilon`, gguf.f32(1e-5)],
    [`${arch}.rope.dimension_count`, gguf.u32(WIDTH)],
    [`${arch}.vocab_size`, gguf.u32(nVocab)],
    ...tokenizerKeys,
  ];
  const zeros = (name: string, dims: number[]): GgufTensor => ({ name, dims, type: GgmlType.F16 }); // no data: zeros
  const norm = (name: string): GgufTensor => ({ name, dims: [WIDTH], type: GgmlType.F32, data: constantTensor([WIDTH], 1) });
  const tensors: GgufTensor[] = [
    { name: "token_embd.weight", dims: [WIDTH, nVocab], type: GgmlType.F16, data: rows(nVocab, (v, row) => (row[dimOf.get(v) ?? 0] = 1)) },
    norm("blk.0.attn_norm.weight"),
    zeros("blk.0.attn_q.weight", [WIDTH, WIDTH]),
    zeros("blk.0.attn_k.weight", [WIDTH, WIDTH]),
    zeros("blk.0.attn_v.weight", [WIDTH, WIDTH]),
    zeros("blk.0.attn_output.weight", [WIDTH, WIDTH]),
    norm("blk.0.ffn_norm.weight"),
    zeros("blk.0.ffn_gate.weight", [WIDTH, WIDTH]),
    zeros("blk.0.ffn_up.weight", [WIDTH, WIDTH]),
    zeros("blk.0.ffn_down.weight", [WIDTH, WIDTH]),
    norm("output_norm.weight"),
    { name: "output.weight", dims: [WIDTH, nVocab], type: GgmlType.F16, data: rows(nVocab, (v, row) => successor.get(v)?.forEach((dim) => (row[dim] = LOGIT))) },
  ];
  await mkdir(dirname(o.outPath), { recursive: true });
  const written = await writeGguf(o.outPath, { metadata, tensors });
  return { path: o.outPath, bytes: written.bytes, pairs };
}

function toPairs(script: ScriptedModelOptions["script"]): Array<readonly [ScriptToken, ScriptToken]> {
  if (!("sequence" in script)) return [...(script as ReadonlyArray<readonly [ScriptToken, ScriptToken]>)];
  const s = script.sequence;
  return s.slice(0, -1).map((t, i) => [t, s[i + 1]!] as const);
}

/** F16 rows of WIDTH values, `fill` setting the non-zero ones of row v (as floats). */
function rows(n: number, fill: (v: number, row: Float32Array) => void): () => Iterable<Uint8Array> {
  return function* () {
    const perChunk = 4096;
    const row = new Float32Array(WIDTH);
    for (let start = 0; start < n; start += perChunk) {
      const count = Math.min(perChunk, n - start);
      const out = new Uint16Array(count * WIDTH);
      for (let i = 0; i < count; i++) {
        row.fill(0);
        fill(start + i, row);
        for (let d = 0; d < WIDTH; d++) if (row[d] !== 0) out[i * WIDTH + d] = f32ToF16(row[d]!);
      }
      yield new Uint8Array(out.buffer);
    }
  };
}

function arrayOf(metadata: ReadonlyArray<readonly [string, GgufValue]>, key: string): ArrayLike<unknown> {
  const entry = metadata.find(([k]) => k === key);
  if (!entry || entry[1].type !== "array") throw new Error(`the vocabulary has no ${key}`);
  return entry[1].value;
}

function scalarOf(metadata: ReadonlyArray<readonly [string, GgufValue]>, key: string): unknown {
  const entry = metadata.find(([k]) => k === key);
  return entry && entry[1].type !== "array" ? entry[1].value : undefined;
}
