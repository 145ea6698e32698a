// GPT-2's byte-level alphabet (bytes_to_unicode in openai/gpt-2 encoder.py): every byte maps to a
// printable character so BPE tokens are plain strings; printable ASCII and Latin-1 map to
// themselves, the rest (space, control bytes...) to U+0100 onwards, e.g. " " -> "Ġ", "\n" -> "Ċ".
// GPT-2 and Qwen2 vocabularies start with these 256 characters in this order.

/** The 256 byte characters in vocabulary order, each with the byte it stands for. */
export const BYTE_ORDER: ReadonlyArray<{ byte: number; char: string }> = (() => {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const set = new Set(printable);
  const order = printable.map((b) => ({ byte: b, char: String.fromCodePoint(b) }));
  let n = 0;
  for (let b = 0; b < 256; b++) if (!set.has(b)) order.push({ byte: b, char: String.fromCodePoint(256 + n++) });
  return order;
})();

/** Byte value -> its character. */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const out: string[] = new Array(256);
  for (const { byte, char } of BYTE_ORDER) out[byte] = char;
  return out;
})();

/** Byte value -> its token id (its position in BYTE_ORDER). */
export const BYTE_TO_ID: Int32Array = (() => {
  const out = new Int32Array(256);
  BYTE_ORDER.forEach(({ byte }, id) => (out[byte] = id));
  return out;
})();

/** Text as a byte-level string (what a BPE token looks like in the vocabulary). */
export function toByteLevel(text: string): string {
  let s = "";
  for (const b of Buffer.from(text, "utf8")) s += BYTE_TO_CHAR[b];
  return s;
}
