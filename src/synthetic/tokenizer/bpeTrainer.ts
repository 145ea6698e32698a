// A small, deterministic byte-level BPE trainer (the GPT-2 / Qwen2 recipe): split text into
// pre-tokens with Qwen2's regex, count them, then repeatedly merge the most frequent adjacent pair
// of symbols inside pre-tokens. Pair counts are updated incrementally (only the words containing
// the merged pair are recounted) and the best pair comes from a lazy max-heap, so tens of
// thousands of merges on a few MB take seconds. Ties go to the smaller pair key: no randomness.
import { BYTE_ORDER, BYTE_TO_ID } from "./byteLevel";

/** Qwen2's pre-tokenizer regex, as llama.cpp spells it for pre-tokenizer "qwen2". */
export const QWEN2_PRETOKENIZE =
  /(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

export interface BpeModel {
  /** Token strings in id order: the 256 byte characters, then one per new merge result. */
  tokens: string[];
  /** Merges in rank order, as "left right" token strings. */
  merges: string[];
}

const SHIFT = 2 ** 18; // ids stay below 262,144, so a pair fits one exact JS number key
const pairKey = (a: number, b: number) => a * SHIFT + b;

/** Max-heap of (count, key): higher count first, then smaller key. Entries may be stale. */
class PairHeap {
  private counts: number[] = [];
  private keys: number[] = [];
  get size() { return this.counts.length; }
  private above(i: number, j: number): boolean {
    const ci = this.counts[i]!, cj = this.counts[j]!;
    return ci > cj || (ci === cj && this.keys[i]! < this.keys[j]!);
  }
  private swap(i: number, j: number) {
    [this.counts[i], this.counts[j]] = [this.counts[j]!, this.counts[i]!];
    [this.keys[i], this.keys[j]] = [this.keys[j]!, this.keys[i]!];
  }
  push(count: number, key: number) {
    this.counts.push(count);
    this.keys.push(key);
    for (let i = this.counts.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.above(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): [count: number, key: number] {
    const top: [number, number] = [this.counts[0]!, this.keys[0]!];
    const lastC = this.counts.pop()!, lastK = this.keys.pop()!;
    if (this.counts.length > 0) {
      this.counts[0] = lastC;
      this.keys[0] = lastK;
      for (let i = 0; ; ) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < this.counts.length && this.above(l, m)) m = l;
        if (r < this.counts.length && this.above(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

/** Counts of pre-tokens in `text` (a Map keeps first-seen order, so iteration is deterministic). */
export function countPretokens(text: string, re: RegExp = QWEN2_PRETOKENIZE): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(re)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  return counts;
}

export function trainBpe(wordCounts: Map<string, number>, maxMerges: number, minFrequency = 2): BpeModel {
  const tokens = BYTE_ORDER.map((b) => b.char);
  const idOf = new Map(tokens.map((t, i) => [t, i]));
  const merges: string[] = [];

  const words: number[][] = [];
  const freq: number[] = [];
  for (const [word, n] of wordCounts) {
    const syms = Array.from(Buffer.from(word, "utf8"), (b) => BYTE_TO_ID[b]!);
    if (syms.length < 2) continue; // nothing to merge inside a single byte
    words.push(syms);
    freq.push(n);
  }

  const pairCount = new Map<number, number>();
  const pairWords = new Map<number, number[]>(); // may hold stale or repeated word indices
  const addPairs = (w: number, sign: 1 | -1, changed: Set<number>, index: boolean) => {
    const s = words[w]!;
    for (let i = 0; i + 1 < s.length; i++) {
      const k = pairKey(s[i]!, s[i + 1]!);
      pairCount.set(k, (pairCount.get(k) ?? 0) + sign * freq[w]!);
      changed.add(k);
      if (index) {
        let list = pairWords.get(k);
        if (!list) pairWords.set(k, (list = []));
        if (list[list.length - 1] !== w) list.push(w);
      }
    }
  };
  const initial = new Set<number>();
  for (let w = 0; w < words.length; w++) addPairs(w, 1, initial, true);
  const heap = new PairHeap();
  for (const k of initial) heap.push(pairCount.get(k)!, k);

  const stamp = new Int32Array(words.length).fill(-1);
  while (merges.length < maxMerges && heap.size > 0) {
    const [count, key] = heap.pop();
    if (pairCount.get(key) !== count) continue; // stale entry
    if (count < minFrequency) break;
    const a = Math.floor(key / SHIFT), b = key % SHIFT;
    const text = tokens[a]! + tokens[b]!;
    let id = idOf.get(text);
    if (id === undefined) {
      id = tokens.length;
      tokens.push(text);
      idOf.set(text, id);
    }
    merges.push(`${tokens[a]} ${tokens[b]}`);

    const changed = new Set<number>();
    for (const w of pairWords.get(key) ?? []) {
      if (stamp[w] === merges.length) continue; // listed twice
      stamp[w] = merges.length;
      const s = words[w]!;
      let hit = false;
      for (let i = 0; i + 1 < s.length; i++) if (s[i] === a && s[i + 1] === b) { hit = true; break; }
      if (!hit) continue; // stale: an earlier merge consumed the pair
      addPairs(w, -1, changed, false);
      const next: number[] = [];
      for (let i = 0; i < s.length; i++) {
        if (i + 1 < s.length && s[i] === a && s[i + 1] === b) {
          next.push(id);
          i++;
        } else next.push(s[i]!);
      }
      words[w] = next;
      addPairs(w, 1, changed, true);
    }
    pairWords.delete(key);
    for (const k of changed) {
      const c = pairCount.get(k)!;
      if (c <= 0) pairCount.delete(k);
      else if (k !== key) heap.push(c, k);
    }
    pairCount.delete(key);
  }
  return { tokens, merges };
}
