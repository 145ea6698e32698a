// Qwen2.5-Coder's real tokenizer for the synthetic Qwen2.5-Coder-0.5B shape: llama.cpp's Qwen2
// vocabulary and its 151,387 merges, with Qwen2.5-Coder's added tokens (151646-151664) and padding
// to 151,936 ids (vocabs/realVocabs.ts), so benchmark prompt token counts are the real ones.
import { readGgufMetadata } from "../ggufReader";
import { ensureRealVocab } from "../vocabs/realVocabs";
import type { Vocab } from "./llamaVocab";

export const QWEN_VOCAB_SIZE = 151_936;
const FIM_TOKENS = new Set(["<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>"]);

export interface BpeVocab extends Vocab {
  merges: string[];
  /** Where the vocabulary came from. */
  source: string;
}

const cache = new Map<boolean, Promise<BpeVocab>>();

/**
 * @param options.fim false renames the four FIM tokens to unused control tokens (same ids), so
 *   llama.cpp finds no FIM token by id or by text and infill is unsupported.
 */
export function loadQwenVocab(options: { fim: boolean }): Promise<BpeVocab> {
  let vocab = cache.get(options.fim);
  if (!vocab) {
    vocab = build(options.fim);
    cache.set(options.fim, vocab);
  }
  return vocab;
}

async function build(fim: boolean): Promise<BpeVocab> {
  const path = await ensureRealVocab("qwen2.5-coder");
  const metadata = new Map(await readGgufMetadata(path));
  const array = (key: string) => {
    const value = metadata.get(key);
    if (value?.type !== "array") throw new Error(`${path} has no ${key}`);
    return value.value;
  };
  const tokens = Array.from(array("tokenizer.ggml.tokens") as ArrayLike<string>, (t, id) => (!fim && FIM_TOKENS.has(t) ? `<|unused_${id}|>` : t));
  if (tokens.length !== QWEN_VOCAB_SIZE) throw new Error(`${path} has ${tokens.length} tokens, expected ${QWEN_VOCAB_SIZE}`);
  const types = Int32Array.from(array("tokenizer.ggml.token_type") as ArrayLike<number>);
  const merges = Array.from(array("tokenizer.ggml.merges") as ArrayLike<string>);
  const index = new Map(tokens.map((t, i) => [t, i]));
  return {
    tokens,
    types,
    merges,
    source: "llama.cpp's models/ggml-vocab-qwen2.gguf with Qwen2.5-Coder's added tokens",
    id(text) {
      const i = index.get(text);
      if (i === undefined) throw new Error(`token ${JSON.stringify(text)} is not in the vocabulary`);
      return i;
    },
  };
}
