import type { PostprocessFilter } from "../types";

const CLOSERS = new Set([")", "]", "}", '"', "'", "`", ";", ","]);

/**
 * Text already after the cursor on the line must not be typed again: a suggestion equal to it is
 * dropped, one ending with a copy of it loses that ending, and closing brackets or quotes that
 * the line already has are not added a second time.
 */
export const trimLineSuffixDuplicate: PostprocessFilter = (suggestion, context) => {
  const rest = context.lineSuffix.trimEnd();
  if (rest === "") return suggestion;
  if (suggestion.trim() === rest.trim()) return "";
  if (suggestion.endsWith(rest) && !opensItsOwn(suggestion.slice(0, -rest.length), rest)) return suggestion.slice(0, -rest.length);
  // The longest tail of closers that the rest of the line already starts with: "foo(a" + ")".
  for (let n = Math.min(rest.length, suggestion.length); n > 0; n--) {
    const tail = suggestion.slice(-n);
    if ([...tail].every((c) => CLOSERS.has(c)) && rest.startsWith(tail) && !opensItsOwn(suggestion.slice(0, -n), tail)) {
      return suggestion.slice(0, -n);
    }
  }
  return suggestion;
};

/** "foo(" + ")" closes a bracket the suggestion itself opened: that closer is its own. */
function opensItsOwn(body: string, closers: string): boolean {
  const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
  for (const closer of closers) {
    const opener = pairs[closer];
    if (!opener) continue;
    const opened = body.split(opener).length - 1;
    const closed = body.split(closer).length - 1;
    if (opened > closed) return true;
  }
  return false;
}
