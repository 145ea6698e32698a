// The spellings of each label a model might produce ("positive", " positive", "Positive", ...) as
// token sequences. A label's probability is the sum over its spellings: scoring only one spelling
// would score a model that answers "Positive" on tokens it was unlikely to write.
import type { LlamaModel, Token } from "./nodeLlamaCpp";

export interface LabelSpellings {
  /** Token sequences to score, each owned by one label. */
  sequences: Token[][];
  /** The label index of each sequence. */
  owners: number[];
  /**
   * True when every first token belongs to one label only: the first tokens alone tell the labels
   * apart, so one decode scores them all (sequences are then just those first tokens).
   */
  firstTokenDecides: boolean;
}

export function labelSpellings(model: LlamaModel, spellings: ReadonlyArray<readonly string[]>): LabelSpellings {
  const seen = new Set<string>();
  const full: Array<{ owner: number; tokens: Token[] }> = [];
  for (const variant of spellings) {
    variant.forEach((text, owner) => {
      const tokens = model.tokenize(text, false, "trimLeadingSpace");
      const key = tokens.join(",");
      if (tokens.length === 0 || seen.has(key)) return;
      seen.add(key);
      full.push({ owner, tokens });
    });
  }
  const ownerOfFirst = new Map<Token, number>();
  let firstTokenDecides = true;
  for (const { owner, tokens } of full) {
    const known = ownerOfFirst.get(tokens[0]!);
    if (known !== undefined && known !== owner) firstTokenDecides = false;
    ownerOfFirst.set(tokens[0]!, owner);
  }
  if (firstTokenDecides) {
    const firsts = [...ownerOfFirst.entries()];
    return { sequences: firsts.map(([token]) => [token]), owners: firsts.map(([, owner]) => owner), firstTokenDecides };
  }
  return { sequences: full.map((s) => s.tokens), owners: full.map((s) => s.owner), firstTokenDecides };
}

/** Each label's log-probability: log of the sum of its spellings' probabilities. */
export function labelLogProbs(logProbs: readonly number[], owners: readonly number[], labelCount: number): number[] {
  const result: number[] = [];
  for (let label = 0; label < labelCount; label++) {
    const mine = logProbs.filter((lp, i) => owners[i] === label && Number.isFinite(lp));
    if (mine.length === 0) {
      result.push(-Infinity);
      continue;
    }
    const max = Math.max(...mine);
    result.push(max + Math.log(mine.reduce((sum, lp) => sum + Math.exp(lp - max), 0)));
  }
  return result;
}
