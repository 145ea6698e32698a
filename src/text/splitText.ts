// Splits a text that does not fit the context into parts that do: on paragraph boundaries (blank
// lines) first, then lines, then sentences, and only as a last resort inside a run of text with
// no break at all. Nothing is dropped and order is kept: joining the parts gives the text back.

/** Counts tokens of several texts at once (one worker round trip). */
export type TokenCounter = (texts: string[]) => Promise<number[]>;

const SEPARATORS: RegExp[] = [/(?<=\n[ \t]*\n)/, /(?<=\n)/, /(?<=[.!?。！？])\s+/, /(?<=[,;:，；])\s*/, /(?<=\s)/];

export async function splitText(text: string, budgetTokens: number, count: TokenCounter): Promise<string[]> {
  if (budgetTokens < 1) throw new Error("splitText: the token budget must be positive");
  // No tokenizer makes more than one token per UTF-8 byte (at most 3 per UTF-16 unit): a short
  // text fits without asking the worker (per-line sentiment asks this for every line).
  if (text.length * 3 + 8 <= budgetTokens) return [text];
  const [total] = await count([text]);
  if (total! <= budgetTokens) return [text];
  const pieces = await pieceUnder(text, budgetTokens, count, 0);
  return pack(pieces, budgetTokens);
}

interface Piece {
  text: string;
  tokens: number;
}

/** Cuts the text into pieces of at most the budget, each at the coarsest boundary that works. */
async function pieceUnder(text: string, budget: number, count: TokenCounter, level: number): Promise<Piece[]> {
  if (level >= SEPARATORS.length) return hardCut(text, budget, count);
  const parts = text.split(SEPARATORS[level]!).filter((p) => p !== "");
  // split() with a lookbehind keeps separators attached; whitespace-only separators of the sentence
  // levels are dropped by split, so re-attach what the text had between the parts.
  const restored = reattach(text, parts);
  const sizes = await count(restored);
  const pieces: Piece[] = [];
  for (const [i, part] of restored.entries()) {
    if (sizes[i]! <= budget) pieces.push({ text: part, tokens: sizes[i]! });
    else pieces.push(...(await pieceUnder(part, budget, count, level + 1)));
  }
  return pieces;
}

function reattach(text: string, parts: string[]): string[] {
  const result: string[] = [];
  let at = 0;
  for (const [i, part] of parts.entries()) {
    const start = text.indexOf(part, at);
    const end = i + 1 < parts.length ? text.indexOf(parts[i + 1]!, start + part.length) : text.length;
    result.push(text.slice(at === 0 && i === 0 ? 0 : at, end));
    at = end;
  }
  return result;
}

/** No boundary at all (one enormous word): cut by characters, halving until each piece fits. */
async function hardCut(text: string, budget: number, count: TokenCounter): Promise<Piece[]> {
  const [tokens] = await count([text]);
  if (tokens! <= budget || text.length <= 1) return [{ text, tokens: tokens! }];
  let middle = Math.floor(text.length / 2);
  // Never between the two halves of a surrogate pair (an emoji would become two broken characters).
  const code = text.charCodeAt(middle);
  if (code >= 0xdc00 && code <= 0xdfff) middle++;
  return [...(await hardCut(text.slice(0, middle), budget, count)), ...(await hardCut(text.slice(middle), budget, count))];
}

/** Greedy packing of consecutive pieces into parts of at most the budget. */
function pack(pieces: Piece[], budget: number): string[] {
  const parts: string[] = [];
  let current = "";
  let used = 0;
  for (const piece of pieces) {
    // Token counts of joined pieces can differ by one or two at the seam: keep a small margin.
    if (current !== "" && used + piece.tokens + 2 > budget) {
      parts.push(current);
      current = "";
      used = 0;
    }
    current += piece.text;
    used += piece.tokens + (current === piece.text ? 0 : 2);
  }
  if (current !== "") parts.push(current);
  return parts;
}
