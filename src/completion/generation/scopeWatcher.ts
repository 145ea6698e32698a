// Watches a multi-line suggestion as it streams and says when to stop generating: when a complete
// line leaves the block the cursor is in (dedent), or past the line limit. Stopping early saves
// the CPU that would produce lines post-processing throws away.
import type { CompletionContext } from "../types";

export class ScopeWatcher {
  private text = "";
  private readonly blockIndent: number;

  constructor(private readonly context: CompletionContext) {
    this.blockIndent = bodyIndentWidth(context);
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
    return false;
  }
}

/** The indentation width lines of the cursor's block have: deeper after a line opening a block. */
export function bodyIndentWidth(context: CompletionContext): number {
  const cursorLineIndent = indentWidth(context.linePrefix, context.indentation.size);
  if (context.linePrefix.trim() === "") return cursorLineIndent;
  return cursorLineIndent + context.indentation.size;
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
