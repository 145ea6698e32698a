// Token statistics of real source code for the benchmark model (codeStatisticsModel.ts): the real
// Qwen2.5-Coder tokenizer run over the .ts/.js files in node_modules (real code, present offline),
// counted as bigrams over token classes, plus fill-in-the-middle examples cut from the same files
// (<|fim_middle|> then the rest of a line, then <|endoftext|>) so the model learns where a middle
// starts and that it ends at a line's end, as a real FIM-trained model does.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { LlamaModel } from "../engine/nodeLlamaCpp";

export interface CorpusOptions {
  /** Folder walked for source files (node_modules). */
  root: string;
  /** Stop reading files past this many characters. */
  maxChars: number;
  seed: number;
}

export interface CodeStatistics {
  vocabSize: number;
  /** Tokens read (code and FIM examples). */
  tokens: number;
  files: number;
  fimExamples: number;
  /** Fine classes: index 0 is "any rarer token", 1.. the most frequent tokens (and <|fim_middle|>). */
  fineTokens: number[];
  /** Coarse classes (for the context mixture): index 0 "other", 1.. the most frequent tokens. */
  coarseTokens: number[];
  /** Per fine class: next token -> count. */
  fineNext: Map<number, number>[];
  /** Per coarse class: next token -> count. */
  coarseNext: Map<number, number>[];
  unigram: Float64Array;
}

/** Source files under root, in a fixed order (sorted paths), skipping minified and declaration files. */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, e.name);
      if (e.isDirectory() && depth < 12 && e.name !== ".cache") walk(path, depth + 1);
      else if (e.isFile() && /\.(ts|js|mjs|cjs)$/.test(e.name) && !/\.(d\.ts|min\.js)$/.test(e.name)) {
        const size = statSync(path).size;
        if (size > 2_000 && size < 60_000) out.push(path);
      }
    }
  };
  walk(root, 0);
  return out;
}

export async function countCodeStatistics(model: LlamaModel, o: CorpusOptions & { vocabSize: number; fineClasses: number; coarseClasses: number }): Promise<CodeStatistics> {
  const special = (text: string) => {
    const ids = model.tokenize(text, true);
    if (ids.length !== 1) throw new Error(`the vocabulary has no single token ${text}`);
    return ids[0] as number;
  };
  const fimMiddle = special("<|fim_middle|>");
  const endOfText = special("<|endoftext|>");

  let state = o.seed >>> 0 || 1;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  // Sequences of token ids: whole files, and FIM examples [fim_middle, ...middle, endoftext].
  const sequences: number[][] = [];
  const files = sourceFiles(o.root);
  let chars = 0;
  let used = 0;
  let fimExamples = 0;
  // A spread of files across packages (every k-th), not the first packages alphabetically.
  const stride = Math.max(1, Math.floor(files.reduce((n, f) => n + statSync(f).size, 0) / o.maxChars));
  for (let i = 0; i < files.length && chars < o.maxChars; i += stride) {
    const text = readFileSync(files[i]!, "utf8").replace(/\r\n/g, "\n");
    if (!looksHandWritten(text)) continue;
    chars += text.length;
    used++;
    sequences.push(Array.from(model.tokenize(text, false) as number[]));
    const lines = text.split("\n");
    for (let k = 0; k < lines.length / 3; k++) {
      const at = Math.floor(random() * lines.length);
      const line = lines[at]!;
      const content = line.trimStart();
      if (content.length < 4) continue;
      const cut = line.length - content.length + Math.floor(random() * content.length);
      // Mostly the rest of the line; sometimes the rest of a block (a few lines), as real middles.
      const extra = random() < 0.2 ? 1 + Math.floor(random() * 3) : 0;
      const middle = [line.slice(cut), ...lines.slice(at + 1, at + 1 + extra)].join("\n");
      if (middle.trim() === "") continue;
      sequences.push([fimMiddle, ...(model.tokenize(middle, false) as number[]), endOfText]);
      fimExamples++;
    }
  }

  const vocabSize = o.vocabSize;
  const unigram = new Float64Array(vocabSize);
  let tokens = 0;
  for (const s of sequences) for (const t of s) (unigram[t]! += 1), tokens++;
  const byFrequency = [...unigram.keys()].filter((t) => unigram[t]! > 0 && t !== fimMiddle && t !== endOfText).sort((a, b) => unigram[b]! - unigram[a]! || a - b);
  // <|fim_middle|> gets its own class: what starts a middle is the one bigram every request uses.
  const fineTokens = [-1, fimMiddle, ...byFrequency.slice(0, o.fineClasses - 2)];
  const coarseTokens = [-1, ...byFrequency.slice(0, o.coarseClasses - 1)];
  const fineOf = classIndex(fineTokens);
  const coarseOf = classIndex(coarseTokens);
  const fineNext = fineTokens.map(() => new Map<number, number>());
  const coarseNext = coarseTokens.map(() => new Map<number, number>());
  const add = (m: Map<number, number>, t: number, n: number) => m.set(t, (m.get(t) ?? 0) + n);
  for (const s of sequences) {
    // A FIM example's pairs count three times over: a few hundred examples against a million tokens of code.
    const weight = s[0] === fimMiddle ? 3 : 1;
    for (let i = 0; i + 1 < s.length; i++) {
      add(fineNext[fineOf.get(s[i]!) ?? 0]!, s[i + 1]!, weight);
      add(coarseNext[coarseOf.get(s[i]!) ?? 0]!, s[i + 1]!, weight);
    }
  }
  return { vocabSize, tokens, files: used, fimExamples, fineTokens, coarseTokens, fineNext, coarseNext, unigram };
}

function classIndex(tokens: number[]): Map<number, number> {
  return new Map(tokens.map((t, i) => [t, i] as const).filter(([t]) => t >= 0));
}

/** Code as people write it: no generated tables, bundles or escaped data (long lines, digit runs, \\u escapes). */
function looksHandWritten(text: string): boolean {
  const lines = text.split("\n");
  if (lines.some((line) => line.length > 300)) return false;
  const digits = (text.match(/[0-9]/g) ?? []).length;
  const escapes = (text.match(/\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}/g) ?? []).length;
  return digits / text.length < 0.08 && escapes < 20;
}
