// Model output on its way into a document (a summary, the user's file through Replace): a small
// or random-weight model can emit U+FFFD (a token that ends inside a UTF-8 sequence), control
// characters (NUL, ESC, BEL...) and bidirectional overrides, none of which belong in text a person
// reads or saves. Line feeds and tabs stay; "\r" goes (documents use their own line endings).
// Stateless, character by character, so it can clean a stream one delta at a time.

// C0 controls except \t (09) and \n (0A), DEL and the C1 controls, U+FFFD, and the bidi
// embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) that can make text read
// differently from what it is.
const UNWANTED = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFD\u202A-\u202E\u2066-\u2069]/g;

export function cleanModelText(text: string): string {
  return text.replace(UNWANTED, "");
}
