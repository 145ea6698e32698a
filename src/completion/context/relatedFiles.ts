import { lineCommentOf } from "../../shared/languages";

// Context from other files the user has been working in, placed before the window's prefix as
// comments. It changes only when the user switches files (the caller freezes it per document), so
// while typing in one file it is a constant head of the prompt and the KV cache still reuses
// everything before the edit.

export interface RelatedCandidate {
  /** Identifies the document (its URI). */
  key: string;
  /** Shown to the model, e.g. a workspace-relative path. */
  path: string;
  languageId: string;
  lines: readonly string[];
  /** The line the user last edited or looked at in it. */
  focusLine: number;
  /** When it was last edited or shown (larger is more recent). */
  lastUsed: number;
}

export interface RelatedSnippet {
  path: string;
  text: string;
}

export interface RelatedOptions {
  /** Characters for all snippets together, comment markers included. */
  budgetChars: number;
  /** Lines taken around a file's focus line. */
  linesPerFile: number;
  maxFiles: number;
}

/** A comment marker, its space and the line break around each line ("// " + "\n"). */
const LINE_OVERHEAD = 4;
/** "// Path: " and the line break. */
const PATH_OVERHEAD = 4 + "Path: ".length;

export const DEFAULT_RELATED: RelatedOptions = { budgetChars: 1000, linesPerFile: 16, maxFiles: 3 };

/**
 * The snippets worth sending: other documents, the same language first, then the most recently
 * used; each an excerpt around its focus line, cut to what is left of the budget.
 */
export function pickRelatedSnippets(candidates: readonly RelatedCandidate[], current: { key: string; languageId: string }, options = DEFAULT_RELATED): RelatedSnippet[] {
  const others = candidates
    .filter((c) => c.key !== current.key && c.lines.some((line) => line.trim() !== ""))
    .sort((a, b) => Number(b.languageId === current.languageId) - Number(a.languageId === current.languageId) || b.lastUsed - a.lastUsed)
    .slice(0, options.maxFiles);
  const snippets: RelatedSnippet[] = [];
  let left = options.budgetChars;
  for (const candidate of others) {
    const header = candidate.path.length + PATH_OVERHEAD;
    const text = excerpt(candidate, options.linesPerFile, left - header);
    if (text === "") continue;
    snippets.push({ path: candidate.path, text });
    left -= header + text.split("\n").reduce((n, line) => n + line.length + LINE_OVERHEAD, 0);
    if (left <= 80) break;
  }
  return snippets;
}

/** The snippets as comments in the current file's language ("" when it has no line comments). */
export function renderRelatedSnippets(snippets: readonly RelatedSnippet[], languageId: string): string {
  const marker = lineCommentMarker(languageId);
  if (!marker || snippets.length === 0) return "";
  const comment = (line: string) => (line === "" ? marker : `${marker} ${line}`);
  return snippets.map((s) => [`Path: ${s.path}`, ...s.text.split("\n")].map(comment).join("\n")).join("\n") + "\n";
}

function excerpt(candidate: RelatedCandidate, lineCount: number, budget: number): string {
  if (budget <= 0) return "";
  const focus = Math.min(Math.max(candidate.focusLine, 0), candidate.lines.length - 1);
  const start = Math.max(0, Math.min(focus - Math.floor(lineCount / 2), candidate.lines.length - lineCount));
  const kept: string[] = [];
  let size = 0;
  for (const line of candidate.lines.slice(start, start + lineCount)) {
    // Whole lines only; a very long line (minified code) is not worth the budget.
    if (line.length > 200) continue;
    const cost = line.trimEnd().length + LINE_OVERHEAD;
    if (size + cost > budget) break;
    kept.push(line.trimEnd());
    size += cost;
  }
  while (kept.length && kept.at(-1)!.trim() === "") kept.pop();
  while (kept.length && kept[0]!.trim() === "") kept.shift();
  return kept.join("\n");
}

/** The language's line comment, or undefined when it has none we trust (HTML, JSON, Markdown). */
export function lineCommentMarker(languageId: string): string | undefined {
  return lineCommentOf(languageId);
}
