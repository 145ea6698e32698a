// A small SentencePiece-style ("llama" tokenizer) vocabulary for the tiny and huge models.
// llama.cpp's SPM tokenizer turns spaces into "▁", prepends one, splits into characters and then
// repeatedly merges the adjacent pair with the highest score whose concatenation is a piece; what
// no piece covers falls back to the byte tokens <0x00>..<0xFF>. So a word is reached only if every
// prefix of it is a piece too: each word below is added with all its prefixes. "▁" pieces score
// above the rest, so a word that starts with "▁" always grows from its start to the full word.

export const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, userDefined: 4, unused: 5, byte: 6 } as const;

export interface Vocab {
  tokens: string[];
  scores?: Float32Array;
  types: Int32Array;
  /** Token id by text, for the special ids written to metadata. */
  id(text: string): number;
}

const WORDS = [
  // English
  "the", "of", "and", "to", "in", "is", "it", "that", "for", "on", "with", "as", "this", "be", "are",
  "not", "or", "by", "an", "from", "at", "we", "you", "if", "all", "can", "will", "one", "has", "was",
  "hello", "world", "file", "code", "model", "value", "name", "number", "list", "data", "test", "line",
  // Code
  "function", "const", "let", "var", "return", "import", "export", "class", "interface", "type",
  "string", "boolean", "true", "false", "null", "undefined", "async", "await", "new", "this", "else",
  "while", "default", "console", "log", "length", "public", "private", "static", "def", "self",
  "print", "int", "void", "include", "main", "args", "result", "error", "index", "items", "push",
];

// Operators and punctuation runs common in code; each listed after its own prefixes.
const SYMBOLS = ["()", "();", "{}", "[]", "=>", "==", "===", "!=", "!==", "..", "...", "//", "/*", "*/", "&&", "||", "++", "--", "+=", "-=", "::", "->"];

export const SPM_CONTROL_FIM = ["<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|fim_pad|>"] as const;
export const SPM_CONTROL_CHAT = ["<|im_start|>", "<|im_end|>"] as const;

export function buildLlamaVocab(options: { fim: boolean }): Vocab {
  const tokens: string[] = [];
  const scores: number[] = [];
  const types: number[] = [];
  const seen = new Set<string>();
  const add = (text: string, type: number, score: number) => {
    if (seen.has(text)) return; // llama.cpp asserts that tokens are unique
    seen.add(text);
    tokens.push(text);
    types.push(type);
    scores.push(score);
  };

  add("<unk>", TOKEN_TYPE.unknown, 0);
  add("<s>", TOKEN_TYPE.control, 0);
  add("</s>", TOKEN_TYPE.control, 0);
  for (let b = 0; b < 256; b++) add(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`, TOKEN_TYPE.byte, 0);
  if (options.fim) for (const t of SPM_CONTROL_FIM) add(t, TOKEN_TYPE.control, 0);
  for (const t of SPM_CONTROL_CHAT) add(t, TOKEN_TYPE.control, 0);

  // Single characters: the starting symbols (their score is never used for a merge).
  add("▁", TOKEN_TYPE.normal, -10);
  for (let c = 0x21; c < 0x7f; c++) add(String.fromCharCode(c), TOKEN_TYPE.normal, -10);

  // Indentation: runs of spaces become runs of "▁".
  for (let n = 2; n <= 8; n++) add("▁".repeat(n), TOKEN_TYPE.normal, -1 + n / 100);

  // Word-start pieces (score in (-1, 0)), longer prefixes slightly preferred.
  const prefixes = (w: string) => Array.from({ length: w.length }, (_, i) => w.slice(0, i + 1));
  for (const w of WORDS) for (const p of prefixes(`▁${w}`).slice(1)) add(p, TOKEN_TYPE.normal, -1 + p.length / 100);
  // The same words inside a line with no space before them (after "(", ".", a newline...).
  for (const w of WORDS) for (const p of prefixes(w).slice(1)) add(p, TOKEN_TYPE.normal, -3 + p.length / 100);
  for (const s of SYMBOLS) add(s, TOKEN_TYPE.normal, -2 + s.length / 100);

  const index = new Map(tokens.map((t, i) => [t, i]));
  return {
    tokens,
    scores: Float32Array.from(scores),
    types: Int32Array.from(types),
    id(text) {
      const i = index.get(text);
      if (i === undefined) throw new Error(`token ${JSON.stringify(text)} is not in the vocabulary`);
      return i;
    },
  };
}
