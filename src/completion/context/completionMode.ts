// Single line in the middle of a line or in a comment; several lines at the end of a line that
// opens a block, or on an empty line inside a body (continuing an inconsistent mix of the two was
// a top complaint about other extensions).
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
    // '#' starts a comment only in languages that use it that way.
    const trimmed = linePrefix.trimStart();
    if (trimmed.startsWith("#")) return HASH_COMMENT_LANGUAGES.has(languageId);
    if (trimmed.startsWith("--")) return DASH_COMMENT_LANGUAGES.has(languageId);
    if (trimmed.startsWith(";")) return languageId === "clojure" || languageId === "lisp" || languageId === "ini";
    if (trimmed.startsWith("%")) return languageId === "latex" || languageId === "erlang" || languageId === "matlab";
    return true;
  }
  return hasTrailingSlashComment(linePrefix);
}

const HASH_COMMENT_LANGUAGES = new Set(["python", "shellscript", "ruby", "perl", "r", "yaml", "toml", "dockerfile", "makefile", "powershell", "elixir", "julia", "nim", "coffeescript", "cmake"]);
const DASH_COMMENT_LANGUAGES = new Set(["sql", "lua", "haskell", "elm", "ada"]);

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
