// A "gpt2" (byte-level BPE) vocabulary with exactly Qwen2.5-Coder's layout, 151,936 ids:
//   0..255           the byte alphabet, in GPT-2 order
//   256..151642      one token per merge: first BPE merges learned from local sources (so code and
//                    English tokenize at a realistic 3-4 characters per token), then synthetic
//                    merges of two learned tokens to fill the range (valid, just rarely used)
//   151643..151664   Qwen2.5's added tokens at their real ids
//   151665..151935   "[PAD<id>]" filler, as convert_hf_to_gguf writes for ids the tokenizer lacks
// Building it takes a few seconds, so it is computed once per process and reused.
import { Rng } from "../random";
import { TOKEN_TYPE, type Vocab } from "./llamaVocab";
import { countPretokens, trainBpe } from "./bpeTrainer";
import { loadCorpus } from "./corpus";

export const QWEN_VOCAB_SIZE = 151_936;
export const QWEN_FIRST_SPECIAL = 151_643;
const LEARNED_MERGES = 40_000;
const MAX_SYNTHETIC_CHARS = 16;

/** Qwen2.5's added tokens from 151643 (tokenizer_config.json), with the GGUF token type each gets. */
const QWEN_SPECIALS: ReadonlyArray<[string, number]> = [
  ["<|endoftext|>", TOKEN_TYPE.control], // 151643
  ["<|im_start|>", TOKEN_TYPE.control],
  ["<|im_end|>", TOKEN_TYPE.control],
  ["<|object_ref_start|>", TOKEN_TYPE.control],
  ["<|object_ref_end|>", TOKEN_TYPE.control],
  ["<|box_start|>", TOKEN_TYPE.control],
  ["<|box_end|>", TOKEN_TYPE.control],
  ["<|quad_start|>", TOKEN_TYPE.control],
  ["<|quad_end|>", TOKEN_TYPE.control],
  ["<|vision_start|>", TOKEN_TYPE.control],
  ["<|vision_end|>", TOKEN_TYPE.control],
  ["<|vision_pad|>", TOKEN_TYPE.control],
  ["<|image_pad|>", TOKEN_TYPE.control],
  ["<|video_pad|>", TOKEN_TYPE.control],
  ["<tool_call>", TOKEN_TYPE.userDefined], // not "special" in Qwen's config: the converter marks it user-defined
  ["</tool_call>", TOKEN_TYPE.userDefined],
  ["<|fim_prefix|>", TOKEN_TYPE.control], // 151659
  ["<|fim_middle|>", TOKEN_TYPE.control], // 151660
  ["<|fim_suffix|>", TOKEN_TYPE.control], // 151661
  ["<|fim_pad|>", TOKEN_TYPE.control], // 151662
  ["<|repo_name|>", TOKEN_TYPE.control], // 151663
  ["<|file_sep|>", TOKEN_TYPE.control], // 151664
];
const FIM_TOKENS = new Set(["<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>"]);

export interface BpeVocab extends Vocab {
  merges: string[];
  /** Which corpus the learned merges came from, and how many there are. */
  corpusFingerprint: string;
  learnedMerges: number;
}

const cache = new Map<boolean, BpeVocab>();

/**
 * @param options.fim false replaces the four FIM tokens by unused control tokens (same ids), so
 *   llama.cpp finds no FIM token by id or by text and infill is unsupported.
 */
export function buildQwenVocab(options: { fim: boolean }): BpeVocab {
  const cached = cache.get(options.fim);
  if (cached) return cached;
  const base = cache.get(!options.fim);
  const vocab = base ? withSpecials(base, options.fim) : withSpecials(buildRegular(), options.fim);
  cache.set(options.fim, vocab);
  return vocab;
}

type Regular = Pick<BpeVocab, "tokens" | "merges" | "corpusFingerprint" | "learnedMerges">;

function buildRegular(): Regular {
  const corpus = loadCorpus();
  const learned = trainBpe(countPretokens(corpus.text), LEARNED_MERGES);
  const tokens = learned.tokens.slice();
  const merges = learned.merges.slice();
  // Never produce a name used above the regular range (duplicates make llama.cpp assert).
  const seen = new Set(tokens);
  for (let id = QWEN_FIRST_SPECIAL; id < QWEN_VOCAB_SIZE; id++) seen.add(`[PAD${id}]`).add(`<|unused_${id}|>`);
  for (const [text] of QWEN_SPECIALS) seen.add(text);
  // Fill the rest of the regular range with merges of two learned tokens (fixed seed).
  const pool = tokens.length;
  const rng = new Rng(0x51c0de);
  while (tokens.length < QWEN_FIRST_SPECIAL) {
    const a = tokens[rng.nextInt(pool)]!;
    const b = tokens[rng.nextInt(pool)]!;
    const t = a + b;
    if ([...t].length > MAX_SYNTHETIC_CHARS || seen.has(t)) continue;
    seen.add(t);
    tokens.push(t);
    merges.push(`${a} ${b}`);
  }
  return { tokens, merges, corpusFingerprint: corpus.fingerprint, learnedMerges: learned.merges.length };
}

function withSpecials(base: Regular, fim: boolean): BpeVocab {
  const tokens = base.tokens.slice(0, QWEN_FIRST_SPECIAL);
  const types = new Int32Array(QWEN_VOCAB_SIZE).fill(TOKEN_TYPE.normal);
  for (const [text, type] of QWEN_SPECIALS) {
    const id = tokens.length;
    // Without FIM the ids keep a unique control token whose name llama.cpp does not recognise.
    tokens.push(!fim && FIM_TOKENS.has(text) ? `<|unused_${id}|>` : text);
    types[id] = type;
  }
  for (let id = tokens.length; id < QWEN_VOCAB_SIZE; id++) {
    tokens.push(`[PAD${id}]`);
    types[id] = TOKEN_TYPE.unused;
  }
  const index = new Map(tokens.map((t, i) => [t, i]));
  if (index.size !== tokens.length) throw new Error("synthetic Qwen vocabulary has duplicate tokens");
  return {
    ...base,
    tokens,
    types,
    id(text) {
      const i = index.get(text);
      if (i === undefined) throw new Error(`token ${JSON.stringify(text)} is not in the vocabulary`);
      return i;
    },
  };
}
