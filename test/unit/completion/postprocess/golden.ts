// Golden cases for post-processing: the document before and after the cursor, the raw model
// output, and the suggestion the user must see. Contexts are built like the pipeline builds them.
import assert from "node:assert/strict";
import { chooseMode } from "../../../../src/completion/context/completionMode";
import type { CompletionContext, Indentation, PostprocessFilter } from "../../../../src/completion/types";

export interface Golden {
  why: string;
  before: string;
  after: string;
  raw: string;
  expected: string;
  languageId?: string;
  indentation?: Indentation;
}

export function contextFor(g: Pick<Golden, "before" | "after" | "languageId" | "indentation">): CompletionContext {
  const languageId = g.languageId ?? "typescript";
  const linePrefix = g.before.slice(g.before.lastIndexOf("\n") + 1);
  const newline = g.after.indexOf("\n");
  const lineSuffix = newline === -1 ? g.after : g.after.slice(0, newline);
  return {
    prefix: g.before,
    suffix: g.after,
    linePrefix,
    lineSuffix,
    languageId,
    indentation: g.indentation ?? { useTabs: false, size: 2 },
    mode: chooseMode(linePrefix, lineSuffix, languageId),
    maxLines: 12,
  };
}

export function runGolden(name: string, run: (raw: string, context: CompletionContext) => string, cases: Golden[]): void {
  describe(name, () => {
    for (const g of cases) it(g.why, () => assert.equal(run(g.raw, contextFor(g)), g.expected));
  });
}

export function filterRunner(filter: PostprocessFilter) {
  return (raw: string, context: CompletionContext) => filter(raw, context);
}
