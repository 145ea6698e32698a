// A light bracket scanner: enough to tell which closing bracket in a suggestion closes something
// the suggestion did not open. Quotes and line comments are skipped so `")"` or `// (a` do not
// count; a quote never spans lines, so a stray apostrophe in prose cannot hide the lines after it.

import { lineCommentOf } from "../../shared/languages";

export const CLOSER_OF: Readonly<Record<string, string>> = { "(": ")", "[": "]", "{": "}" };
const CLOSERS = new Set(Object.values(CLOSER_OF));
const QUOTES = new Set(['"', "'", "`"]);

export interface BracketScan {
  /**
   * Index of the first character that closes what the text did not open: a bracket without its
   * opener, or the quote ending a string that was already open where the text starts. -1 if none.
   */
  firstUnmatchedCloser: number;
  /** Indices of the openers still open at the end of the text, innermost last. */
  openers: number[];
  /** The quote of a string still open at the end of the text. */
  openQuote: string | undefined;
}

/** Scans text; startQuote is the quote of a string already open where the text starts. */
export function scanBrackets(text: string, languageId: string, startQuote?: string): BracketScan {
  const hashComments = lineCommentOf(languageId) === "#";
  const openers: number[] = [];
  let quote = startQuote;
  let quoteIsInherited = startQuote !== undefined;
  let firstUnmatchedCloser = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") {
      quote = undefined;
      quoteIsInherited = false;
    } else if (quote) {
      if (c === "\\") i++;
      else if (c === quote) {
        if (quoteIsInherited && firstUnmatchedCloser === -1) firstUnmatchedCloser = i;
        quote = undefined;
        quoteIsInherited = false;
      }
    } else if (QUOTES.has(c)) quote = c;
    else if ((c === "/" && text[i + 1] === "/") || (c === "#" && hashComments)) {
      const newline = text.indexOf("\n", i);
      i = (newline === -1 ? text.length : newline) - 1;
    } else if (c in CLOSER_OF) openers.push(i);
    else if (CLOSERS.has(c)) {
      if (openers.length === 0) firstUnmatchedCloser = firstUnmatchedCloser === -1 ? i : firstUnmatchedCloser;
      else openers.pop();
    }
  }
  return { firstUnmatchedCloser, openers, openQuote: quote };
}
