// Single line in the middle of a line or in a comment; several lines at the end of a line that
// opens a block, or on an empty line inside a body (continuing an inconsistent mix of the two was
// a top complaint about other extensions).
import { languageFacts } from "../../shared/languages";
import type { CompletionMode } from "../types";

const BLOCK_OPENERS = /(\{|\(|\[|:|=>|\bdo|\bthen|\belse|->)\s*$/;
const LINE_COMMENT_START = /^\s*(\/\/|#(?!include|define|if|pragma|!)|--|;|\*|\/\*|<!--|%)/;

export function chooseMode(linePrefix: string, lineSuffix: string, languageId: string): CompletionMode {
  if (lineSuffix.trim() !== "") return "singleLine"; // text after the cursor: only this line
  if (isInComment(linePrefix, languageId)) return "singleLine";
  if (linePrefix.trim() === "") return "multiLine"; // an empty line in a body
  if (BLOCK_OPENERS.test(linePrefix)) return "multiLine";
  return "singleLine";
}

/** A line comment, a block comment's continuation line, or a trailing // comment. */
export function isInComment(linePrefix: string, languageId: string): boolean {
  if (languageId === "markdown" || languageId === "plaintext") return false;
  if (LINE_COMMENT_START.test(linePrefix)) {
    const facts = languageFacts(languageId);
    const trimmed = linePrefix.trimStart();
    // '#', '--', ';' and '%' start a comment only in languages that use them that way.
    if (trimmed.startsWith("#")) return facts.lineComment === "#";
    if (trimmed.startsWith("--")) return facts.lineComment === "--";
    if (trimmed.startsWith(";")) return facts.lineComment === ";" || facts.lineComment === ";;";
    if (trimmed.startsWith("%")) return facts.lineComment === "%";
    return true;
  }
  return hasTrailingSlashComment(linePrefix);
}


/** `code(); // comment|`: a // outside of a string literal. */
function hasTrailingSlashComment(linePrefix: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < linePrefix.length; i++) {
    const c = linePrefix[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "/" && linePrefix[i + 1] === "/" && linePrefix[i - 1] !== ":") return true; // not in http://
  }
  return false;
}
