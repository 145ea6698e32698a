// Streaming a multi-line suggestion: the first line the user can read is shown as soon as it is
// complete, while the rest is still being generated.

/**
 * The streamed text up to the end of its first complete line that has something on it (without
 * the line break), or undefined while there is none. A leading blank line counts as part of it:
 * after a block opener the model usually starts with "\n" and the body line.
 */
export function firstCompleteLine(streamed: string): string | undefined {
  let start = 0;
  for (;;) {
    const end = streamed.indexOf("\n", start);
    if (end < 0) return undefined;
    if (streamed.slice(start, end).trim() !== "") return streamed.slice(0, end);
    start = end + 1;
  }
}
