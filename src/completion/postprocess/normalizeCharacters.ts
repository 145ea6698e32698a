import type { PostprocessFilter } from "../types";

/**
 * Only characters an editor shows as code: line breaks become "\n" (a lone "\r" or U+2028 would
 * start a new line in the editor behind single-line mode's back), other control characters and
 * the replacement character of an incomplete UTF-8 sequence go.
 */
export const normalizeCharacters: PostprocessFilter = (suggestion) =>
  suggestion
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g, "");
