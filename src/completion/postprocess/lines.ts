// Line helpers shared by the filters that compare lines of a suggestion with each other or with
// the document.

/**
 * A line as compared for repetition: whitespace and a trailing `;` or `,` do not make two lines
 * different ("return a+b" repeats "return a + b;"), anything else does.
 */
export function comparable(line: string): string {
  return line.replace(/\s+/g, "").replace(/[;,]+$/, "");
}

const CLOSING_KEYWORD = /^(end|fi|done|esac|endif|endfor|endwhile|wend|loop)\b\W*$/;

/**
 * A line too common to prove anything when it repeats: blank, punctuation only (`}`, `);`, "```"),
 * or a closing keyword (`end`, `fi`). Nested blocks legitimately end with several of these.
 */
export function isTrivialLine(line: string): boolean {
  const trimmed = line.trim();
  return !/[\p{L}\p{N}]/u.test(trimmed) || CLOSING_KEYWORD.test(trimmed);
}

/** A line that only closes blocks: `}`, `});`, `]`, `end`, `fi`. */
export function isClosingLine(line: string): boolean {
  const trimmed = line.trim();
  return /^[)\]}]+[)\]};,]*$/.test(trimmed) || CLOSING_KEYWORD.test(trimmed);
}
