// A scripted model that answers one prompt with a chosen text: the bigram writer
// (writeScriptedModel.ts) gives each token one successor, so an answer in which a token repeats
// (code: spaces, newlines, brackets) cannot be spelled with the tokens a tokenizer would pick. It
// does not have to be: the detokenized text is all that counts, so the answer is spelled with
// tokens that are all different (" return" once, then "  " and "return" apart, ...), found by a
// depth-first search over the real vocabulary. The chain starts at the prompt's last token (what
// greedy decoding sees first) and ends with the end token (<|file_sep|> for a next-edit answer).
import { readGgufMetadata } from "./ggufReader";
import { toByteLevel } from "./tokenizer/byteLevel";
import { ensureRealVocab, type VocabFamily } from "./vocabs/realVocabs";
import { writeScriptedModel } from "./writeScriptedModel";
import { importNodeLlamaCpp } from "../engine/nodeLlamaCpp";

export interface ScriptedAnswerOptions {
  /** A byte-level BPE family (Qwen2.5-Coder for Sweep's format). */
  vocab: VocabFamily;
  /** How the prompt ends ("updated/area.js"): its last token starts the answer. */
  promptEnd: string;
  answer: string;
  /** The token after the answer. Default <|file_sep|>. */
  end?: string;
  outPath: string;
}

/** At most this many scripted tokens (writeScriptedModel's embedding width, less one). */
const MAX_CHAIN = 63;
const MAX_TOKEN_CHARS = 24;

export async function writeScriptedAnswerModel(o: ScriptedAnswerOptions): Promise<{ path: string; tokens: string[] }> {
  const vocabPath = await ensureRealVocab(o.vocab);
  const metadata = await readGgufMetadata(vocabPath);
  const list = metadata.find(([key]) => key === "tokenizer.ggml.tokens")?.[1];
  if (!list || list.type !== "array") throw new Error(`${vocabPath} has no token list`);
  const tokens = list.value as unknown as string[];
  const known = new Set(tokens);
  const trigger = await lastTokenOf(vocabPath, o.promptEnd);
  const end = o.end ?? "<|file_sep|>";
  const spelled = spellDistinct(toByteLevel(o.answer), known, new Set([trigger, end]), MAX_CHAIN - 1);
  if (!spelled) throw new Error(`cannot spell the answer with ${MAX_CHAIN - 1} different tokens: shorten it (Qwen's vocabulary has "{\\n", ";\\n", ".\\n" but a newline after a word is the lone "\\n" token, usable once)`);
  await writeScriptedModel({ vocab: o.vocab, script: { sequence: [trigger, ...spelled, end] }, outPath: o.outPath });
  return { path: o.outPath, tokens: spelled };
}

async function lastTokenOf(vocabPath: string, text: string): Promise<string> {
  const nlc = await importNodeLlamaCpp();
  const llama = await nlc.getLlama({ gpu: false, logLevel: nlc.LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: vocabPath, vocabOnly: true });
  try {
    const ids = model.tokenize(text, false);
    const metadataTokens = (model.fileInfo.metadata as { tokenizer?: { ggml?: { tokens?: readonly string[] } } }).tokenizer?.ggml?.tokens ?? [];
    return metadataTokens[ids[ids.length - 1]!]!;
  } finally {
    await model.dispose();
  }
}

/**
 * The text as vocabulary tokens, all different and none in `avoid`. Depth-first, longest tokens
 * first; a search that gets stuck (a newline needed again after its one-character token was spent
 * early) restarts with the candidates shuffled, a few hundred times at most.
 */
export function spellDistinct(text: string, vocab: ReadonlySet<string>, avoid: ReadonlySet<string>, maxTokens: number): string[] | undefined {
  let seed = 1;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  for (let attempt = 0; attempt < 300; attempt++) {
    const used = new Set<string>();
    const out: string[] = [];
    let steps = 0;
    const search = (at: number): boolean => {
      if (at === text.length) return true;
      if (out.length >= maxTokens || ++steps > 20_000) return false;
      const candidates: string[] = [];
      for (let length = Math.min(MAX_TOKEN_CHARS, text.length - at); length >= 1; length--) {
        const piece = text.slice(at, at + length);
        if (vocab.has(piece) && !used.has(piece) && !avoid.has(piece)) candidates.push(piece);
      }
      // The first attempt takes the longest first; later ones mostly do, with some shuffling.
      if (attempt > 0) candidates.sort((a, b) => b.length - a.length + (random() - 0.5) * 6);
      for (const piece of candidates) {
        used.add(piece);
        out.push(piece);
        if (search(at + piece.length)) return true;
        out.pop();
        used.delete(piece);
      }
      return false;
    };
    if (search(0)) return out;
  }
  return undefined;
}
