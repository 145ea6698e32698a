// Watches a multi-line suggestion as it streams and says when to stop generating: when a complete
// line leaves the block the cursor is in (dedent), repeats the line below the cursor (Continue's
// in-stream check: the model is rewriting what is already there), or passes the line limit.
// Stopping early saves the CPU that would produce lines post-processing throws away.
import type { CompletionContext } from "../types";

export class ScopeWatcher {
  private text = "";
  private readonly blockIndent: number;
  private readonly lineBelow: string | undefined;

  constructor(private readonly context: CompletionContext) {
    this.blockIndent = bodyIndentWidth(context);
    this.lineBelow = firstLineBelow(context.suffix);
  }

  /** Feeds streamed text; true when generation should stop. */
  push(delta: string): boolean {
    this.text += delta;
    const lines = this.text.split("\n");
    const complete = lines.slice(0, -1);
    if (complete.length >= this.context.maxLines + 1) return true;
    // The first line continues the cursor's line: its indentation is not its own.
    for (const line of complete.slice(1)) {
      if (line.trim() !== "" && indentWidth(line, this.context.indentation.size) < this.blockIndent) return true;
    }
    return this.lineBelow !== undefined && complete.some((line) => line.trim() === this.lineBelow);
  }
}

/** The first non-blank line after the cursor's line, trimmed; undefined when it is too plain to tell (a lone bracket). */
function firstLineBelow(suffix: string): string | undefined {
  const line = suffix.split("\n").slice(1).find((l) => l.trim() !== "")?.trim();
  return line !== undefined && line.length >= 4 ? line : undefined;
}

/**
 * The least indentation a line of the cursor's block has: deeper than the line that opens a block
 * (by any amount: the model may indent by 2 in a 4-space file), or as deep as the empty line the
 * cursor is on.
 */
export function bodyIndentWidth(context: CompletionContext): number {
  const cursorLineIndent = indentWidth(context.linePrefix, context.indentation.size);
  if (context.linePrefix.trim() === "") return cursorLineIndent;
  return cursorLineIndent + 1;
}

export function indentWidth(line: string, tabSize: number): number {
  let width = 0;
  for (const c of line) {
    if (c === " ") width++;
    else if (c === "\t") width += tabSize;
    else break;
  }
  return width;
}
