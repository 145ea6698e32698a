// Golden cases for post-processing: the document before and after the cursor, the raw model
// output, the suggestion the user must see, and why. Contexts are built the way the pipeline
// builds them (same prompt window, so the suffix is cut to a few lines as in the editor).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
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

const CURSOR = "<CURSOR>";

/**
 * Multi-line golden cases as files (Tabby keeps its post-processing fixtures this way): readable
 * code instead of escaped one-liners. Format: `why:`, `language:`, `indent:` ("2 spaces",
 * "tabs 4") header lines, then sections `--- document` (with <CURSOR>), `--- model output` and
 * `--- expected` (the suggestion as inserted at the cursor; empty for nothing).
 */
export function loadGoldenFiles(dir: string): Golden[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".txt"))
    .sort()
    .map((name) => parseGoldenFile(name, readFileSync(join(dir, name), "utf8")));
}

function parseGoldenFile(name: string, text: string): Golden {
  const parts = text.split(/^--- (document|model output|expected)\b.*\n/m);
  const header = Object.fromEntries(
    parts[0]!
      .split("\n")
      .filter((l) => l.includes(":"))
      .map((l) => [l.slice(0, l.indexOf(":")).trim(), l.slice(l.indexOf(":") + 1).trim()]),
  );
  const section = (title: string) => {
    const i = parts.indexOf(title);
    if (i < 0) throw new Error(`${name}: no "--- ${title}" section`);
    return parts[i + 1]!.replace(/\n$/, "");
  };
  const document = section("document");
  const cursor = document.indexOf(CURSOR);
  if (cursor < 0 || document.indexOf(CURSOR, cursor + 1) >= 0) throw new Error(`${name}: the document needs exactly one ${CURSOR}`);
  const indent = /^tabs (\d+)$/.exec(header.indent ?? "") ?? /^(\d+) spaces$/.exec(header.indent ?? "");
  if (!indent) throw new Error(`${name}: indent must be "N spaces" or "tabs N"`);
  return {
    why: header.why ?? name,
    languageId: header.language ?? "typescript",
    indentation: { useTabs: header.indent!.startsWith("tabs"), size: Number(indent[1]) },
    before: document.slice(0, cursor),
    after: document.slice(cursor + CURSOR.length),
    raw: section("model output"),
    expected: section("expected"),
  };
}
