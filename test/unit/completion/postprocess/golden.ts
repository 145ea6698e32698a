// Golden cases for post-processing: the document before and after the cursor, the raw model
// output, the suggestion the user must see, and why. Contexts are built the way the pipeline
// builds them (same prompt window, so the suffix is cut to a few lines as in the editor).
import assert from "node:assert/strict";
import { chooseMode } from "../../../../src/completion/context/completionMode";
import { linesFromText } from "../../../../src/completion/context/documentLines";
import { buildPromptWindow } from "../../../../src/completion/context/promptWindow";
import type { CompletionContext, CompletionMode, Indentation } from "../../../../src/completion/types";

export interface ContextOptions {
  /** Document text before the cursor. */
  before: string;
  /** Document text after the cursor. */
  after: string;
  /** Default "typescript". */
  languageId?: string;
  /** Default 2 spaces. */
  indentation?: Indentation;
  /** Default: what the pipeline would choose for this line. */
  mode?: CompletionMode;
  /** Default 12, the setting's default. */
  maxLines?: number;
}

export interface Golden extends ContextOptions {
  why: string;
  /** What the model produced. */
  raw: string;
  /** What the user must see ("" for nothing). */
  expected: string;
}

export function contextFor(options: ContextOptions): CompletionContext {
  const languageId = options.languageId ?? "typescript";
  const doc = linesFromText(options.before + options.after, languageId);
  const lines = options.before.split("\n");
  const window = buildPromptWindow(doc, { line: lines.length - 1, character: lines.at(-1)!.length });
  return {
    prefix: window.prefix,
    suffix: window.suffix,
    linePrefix: window.linePrefix,
    lineSuffix: window.lineSuffix,
    languageId,
    indentation: options.indentation ?? { useTabs: false, size: 2 },
    mode: options.mode ?? chooseMode(window.linePrefix, window.lineSuffix, languageId),
    maxLines: options.maxLines ?? 12,
  };
}

/** One mocha test per case, titled by its "why"; run is a filter or the whole pipeline. */
export function runGolden(name: string, run: (raw: string, context: CompletionContext) => string, cases: Golden[]): void {
  describe(name, () => {
    for (const g of cases) it(g.why, () => assert.equal(run(g.raw, contextFor(g)), g.expected));
  });
}
