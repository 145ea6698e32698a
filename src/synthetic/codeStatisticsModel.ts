// The benchmark model: Qwen2.5-Coder-0.5B's shape and compute on the real Qwen2.5-Coder vocabulary,
// whose output follows token statistics of real code, so generations stop where code would (after a
// line, at <|endoftext|>) instead of running to every strategy's token limit as random weights do.
//
// How the weights encode the statistics (greedy decoding, no sampling needed):
// - token_embd: each token is a one-hot on its "fine" class dimension (0-767): the 766 most frequent
//   code tokens and <|fim_middle|> have their own, every rarer token shares dimension 0.
// - Block 0's attention mixes the context: q and k are zero, so attention is uniform over every
//   earlier position; v maps a token's fine class to its "coarse" class (the 127 most frequent
//   tokens, or "other"), and attn_output writes that average into dimensions 768-895. The state is
//   then "this token" plus "the bag of tokens so far", and the output depends on the whole context
//   (a different file, or more typed text, gives a different completion).
// - output: logit(w) = log P(w | this token's class) + 0.5 x the average over the context of
//   log P(w | that token's coarse class) / P(w) (clamped to +-3: how much more likely w is after the
//   tokens seen so far than anywhere; not a frequency prior), from bigram counts (code.ts/js in node_modules, and FIM
//   examples: <|fim_middle|>, the rest of a line, <|endoftext|>).
// - The 24 blocks are full size (every matrix is multiplied, Q8_0 like the real Q8_0 file) but all
//   other attention outputs and every FFN down projection are zero: same compute, no contribution.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { importNodeLlamaCpp } from "../engine/nodeLlamaCpp";
import { countCodeStatistics, type CodeStatistics } from "./codeStatistics";
import { gguf, writeGguf, type GgufTensor, type GgufValue } from "./ggufWriter";
import { readGgufMetadata } from "./ggufReader";
import { encodeQ8_0, GgmlType } from "./quant";
import { SHAPES } from "./shapes";
import { constantTensor } from "./weights";
import { ensureRealVocab } from "./vocabs/realVocabs";

const SHAPE = SHAPES["qwen2.5-coder-0.5b"];
const E = SHAPE.embedding; // 896
const FINE = 768;
const COARSE = E - FINE; // 128: the width of the two KV heads' values (2 x 64)
const HEAD = E / SHAPE.heads; // 64
const KV_WIDTH = HEAD * SHAPE.kvHeads; // 128
const CONTEXT_WEIGHT = 0.5;
const PMI_LIMIT = 3;
const LOG_FLOOR = -16; // log-probability of a token never seen after a class (before smoothing)

export interface CodeStatisticsModelOptions {
  outPath: string;
  /** Where the source code is read (default: the project's node_modules). */
  corpusRoot?: string;
  /** Characters of code read (default 3,000,000). */
  corpusChars?: number;
  seed?: number;
}

export interface CodeStatisticsModelResult {
  path: string;
  bytes: number;
  files: number;
  tokens: number;
  fimExamples: number;
}

export async function writeCodeStatisticsModel(o: CodeStatisticsModelOptions): Promise<CodeStatisticsModelResult> {
  const vocabPath = await ensureRealVocab("qwen2.5-coder");
  const tokenizerKeys = (await readGgufMetadata(vocabPath)).filter(([key]) => key.startsWith("tokenizer."));
  const tokensEntry = tokenizerKeys.find(([key]) => key === "tokenizer.ggml.tokens");
  if (!tokensEntry || tokensEntry[1].type !== "array") throw new Error(`${vocabPath} lists no tokens`);
  const vocabSize = tokensEntry[1].value.length;

  const nlc = await importNodeLlamaCpp();
  const llama = await nlc.getLlama({ gpu: false, build: "never", logLevel: nlc.LlamaLogLevel.error });
  const vocab = await llama.loadModel({ modelPath: vocabPath, vocabOnly: true });
  let stats: CodeStatistics;
  try {
    stats = await countCodeStatistics(vocab, {
      root: o.corpusRoot ?? nodeModules(),
      maxChars: o.corpusChars ?? 3_000_000,
      seed: o.seed ?? 1,
      vocabSize,
      fineClasses: FINE,
      coarseClasses: COARSE,
    });
  } finally {
    await vocab.dispose();
    await llama.dispose();
  }

  const arch = SHAPE.architecture;
  const metadata: Array<[string, GgufValue]> = [
    ["general.architecture", gguf.string(arch)],
    ["general.type", gguf.string("model")],
    ["general.name", gguf.string("Qwen2.5-Coder-0.5B shape, code statistics (synthetic)")],
    ["general.description", gguf.string(`Benchmark model: Qwen2.5-Coder-0.5B's shape and compute on its real vocabulary; output from token bigrams of ${stats.files} source files (${stats.tokens} tokens, ${stats.fimExamples} FIM examples) with a uniform-attention context mixture. Not a language model.`)],
    ["general.file_type", gguf.u32(7)],
    ["general.quantization_version", gguf.u32(2)],
    [`${arch}.context_length`, gguf.u32(SHAPE.contextLength)],
    [`${arch}.embedding_length`, gguf.u32(E)],
    [`${arch}.block_count`, gguf.u32(SHAPE.blocks)],
    [`${arch}.feed_forward_length`, gguf.u32(SHAPE.feedForward)],
    [`${arch}.attention.head_count`, gguf.u32(SHAPE.heads)],
    [`${arch}.attention.head_count_kv`, gguf.u32(SHAPE.kvHeads)],
    [`${arch}.rope.freq_base`, gguf.f32(SHAPE.ropeFreqBase)],
    [`${arch}.attention.layer_norm_rms_epsilon`, gguf.f32(SHAPE.rmsEps)],
    ...tokenizerKeys,
  ];

  const q8 = (name: string, dims: number[], data?: () => Iterable<Uint8Array>): GgufTensor => ({ name, dims, type: GgmlType.Q8_0, ...(data ? { data } : {}) });
  const f32 = (name: string, n: number, value: number): GgufTensor => ({ name, dims: [n], type: GgmlType.F32, data: constantTensor([n], value) });
  const fineOf = new Map(stats.fineTokens.map((t, i) => [t, i] as const).filter(([t]) => t >= 0));
  const coarseOfFine = stats.fineTokens.map((t) => Math.max(0, stats.coarseTokens.indexOf(t)));

  const tensors: GgufTensor[] = [q8("token_embd.weight", [E, vocabSize], rowsQ8(vocabSize, (v, row) => (row[fineOf.get(v) ?? 0] = 1)))];
  for (let b = 0; b < SHAPE.blocks; b++) {
    const p = `blk.${b}`;
    const first = b === 0;
    tensors.push(
      f32(`${p}.attn_norm.weight`, E, 1),
      q8(`${p}.attn_q.weight`, [E, E]),
      q8(`${p}.attn_k.weight`, [E, KV_WIDTH]),
      // Value row j (a coarse class) reads every fine class whose token falls in it. The input is
      // RMS-normed, so a one-hot arrives as sqrt(E) on its dimension.
      q8(`${p}.attn_v.weight`, [E, KV_WIDTH], first ? rowsQ8(KV_WIDTH, (j, row) => coarseOfFine.forEach((c, d) => c === j && (row[d] = 1 / Math.sqrt(E))), E) : undefined),
      f32(`${p}.attn_q.bias`, E, 0),
      f32(`${p}.attn_k.bias`, KV_WIDTH, 0),
      f32(`${p}.attn_v.bias`, KV_WIDTH, 0),
      // Heads 0-6 read KV head 0 (coarse 0-63), heads 7-13 KV head 1 (coarse 64-127): head 0's and
      // head 7's outputs go to the coarse dimensions of the residual stream.
      q8(`${p}.attn_output.weight`, [E, E], first ? rowsQ8(E, (out, row) => out >= FINE && (row[coarseInput(out - FINE)] = 1), E) : undefined),
      f32(`${p}.ffn_norm.weight`, E, 1),
      q8(`${p}.ffn_gate.weight`, [E, SHAPE.feedForward]),
      q8(`${p}.ffn_up.weight`, [E, SHAPE.feedForward]),
      q8(`${p}.ffn_down.weight`, [SHAPE.feedForward, E]),
    );
  }
  tensors.push(f32("output_norm.weight", E, 1), q8("output.weight", [E, vocabSize], outputRows(stats)));

  await mkdir(dirname(o.outPath), { recursive: true });
  const written = await writeGguf(o.outPath, { metadata, tensors });
  return { path: o.outPath, bytes: written.bytes, files: stats.files, tokens: stats.tokens, fimExamples: stats.fimExamples };
}

/** Where coarse class j's value appears in the concatenated head outputs. */
function coarseInput(j: number): number {
  const headsPerKv = SHAPE.heads / SHAPE.kvHeads; // 7
  return j < HEAD ? j : headsPerKv * HEAD + (j - HEAD);
}

/**
 * Output rows: log-probabilities of each next token, per fine class and (weighted) per coarse class,
 * interpolated with the unigram so unseen pairs keep an order. Scaled by the final RMS norm's gain:
 * the residual is a one-hot plus a mixture of total weight 1, normed to about sqrt(E / 1.2).
 */
function outputRows(stats: CodeStatistics): () => Iterable<Uint8Array> {
  const scale = 1 / Math.sqrt(E / 1.2);
  const total = stats.unigram.reduce((a, b) => a + b, 0);
  const sums = (next: Map<number, number>[]) => next.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
  const fineSums = sums(stats.fineNext);
  const coarseSums = sums(stats.coarseNext);
  const logP = (count: number, sum: number, w: number) => {
    const unigram = (stats.unigram[w]! + 0.01) / total;
    const p = sum > 0 ? 0.95 * (count / sum) + 0.05 * unigram : unigram;
    return Math.max(LOG_FLOOR, Math.log(p));
  };
  // Inverted tables: for each next token, the classes it followed and how often.
  const invert = (next: Map<number, number>[]) => {
    const byNext = new Map<number, Array<[number, number]>>();
    next.forEach((m, c) =>
      m.forEach((n, w) => {
        const list = byNext.get(w);
        if (list) list.push([c, n]);
        else byNext.set(w, [[c, n]]);
      }),
    );
    return byNext;
  };
  const fineByNext = invert(stats.fineNext);
  const coarseByNext = invert(stats.coarseNext);
  const pmi = (count: number, sum: number, w: number) => {
    const unigram = Math.max(LOG_FLOOR, Math.log((stats.unigram[w]! + 0.01) / total));
    return Math.max(-PMI_LIMIT, Math.min(PMI_LIMIT, logP(count, sum, w) - unigram));
  };
  return rowsQ8(stats.vocabSize, (w, row) => {
    for (let d = 0; d < FINE; d++) row[d] = logP(0, fineSums[d]!, w) * scale;
    for (let j = 0; j < COARSE; j++) row[FINE + j] = CONTEXT_WEIGHT * pmi(0, coarseSums[j]!, w) * scale;
    for (const [d, n] of fineByNext.get(w) ?? []) row[d] = logP(n, fineSums[d]!, w) * scale;
    for (const [j, n] of coarseByNext.get(w) ?? []) row[FINE + j] = CONTEXT_WEIGHT * pmi(n, coarseSums[j]!, w) * scale;
  });
}

/** Q8_0 rows of `width` values (default E), `fill` setting row r's values. */
function rowsQ8(n: number, fill: (r: number, row: Float32Array) => void, width = E): () => Iterable<Uint8Array> {
  return function* () {
    const perChunk = 2048;
    const row = new Float32Array(width);
    for (let start = 0; start < n; start += perChunk) {
      const count = Math.min(perChunk, n - start);
      const values = new Float32Array(count * width);
      for (let i = 0; i < count; i++) {
        row.fill(0);
        fill(start + i, row);
        values.set(row, i * width);
      }
      yield encodeQ8_0(values);
    }
  };
}

/** The project's node_modules, from dist/ (bundled CLI) or src/synthetic/ (tests). */
function nodeModules(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, "node_modules", "node-llama-cpp"))) return join(dir, "node_modules");
  }
  throw new Error("no node_modules with node-llama-cpp above " + __dirname);
}
