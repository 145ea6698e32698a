import assert from "node:assert/strict";
import { lineCommentMarker, pickRelatedSnippets, type RelatedCandidate, renderRelatedSnippets } from "../../../src/completion/context/relatedFiles";

function candidate(key: string, languageId: string, lines: string[], focusLine: number, lastUsed: number): RelatedCandidate {
  return { key, path: key.replace("file:///", ""), languageId, lines, focusLine, lastUsed };
}

const util = candidate("file:///src/util.ts", "typescript", ["import x from 'y';", "", "export function clamp(v: number, lo: number, hi: number) {", "  return Math.min(hi, Math.max(lo, v));", "}", ""], 3, 5);
const notes = candidate("file:///notes.py", "python", ["def area(r):", "    return 3.14 * r * r"], 0, 9);
const current = { key: "file:///src/main.ts", languageId: "typescript" };

describe("related files", () => {
  it("prefers the same language, then the most recently used, and never the current document", () => {
    const self = candidate(current.key, "typescript", ["const a = 1;"], 0, 99);
    const picked = pickRelatedSnippets([notes, self, util], current);
    assert.deepEqual(picked.map((s) => s.path), ["src/util.ts", "notes.py"]);
  });

  it("takes whole lines around the focus line, trimmed of blank edges", () => {
    const [snippet] = pickRelatedSnippets([util], current, { budgetChars: 1000, linesPerFile: 3, maxFiles: 3 });
    assert.equal(snippet!.text, "export function clamp(v: number, lo: number, hi: number) {\n  return Math.min(hi, Math.max(lo, v));\n}");
  });

  it("stays within the budget, whole lines only, and skips minified lines", () => {
    const long = candidate("file:///big.ts", "typescript", Array.from({ length: 50 }, (_, i) => `const value${i} = ${i};`), 25, 1);
    const minified = candidate("file:///min.js", "typescript", ["x".repeat(5000)], 0, 2);
    const picked = pickRelatedSnippets([long, minified], current, { budgetChars: 200, linesPerFile: 40, maxFiles: 3 });
    assert.equal(picked.length, 1);
    const rendered = renderRelatedSnippets(picked, "typescript");
    assert.ok(rendered.length <= 200, `${rendered.length} chars`);
    assert.ok(picked[0]!.text.split("\n").every((line) => /^const value\d+ = \d+;$/.test(line)));
  });

  it("renders snippets as line comments of the current language", () => {
    assert.equal(renderRelatedSnippets([{ path: "a.py", text: "x = 1\n\ny = 2" }], "python"), "# Path: a.py\n# x = 1\n#\n# y = 2\n");
    assert.equal(renderRelatedSnippets([{ path: "u.ts", text: "f();" }], "go"), "// Path: u.ts\n// f();\n");
  });

  it("adds nothing for languages without a trusted line comment, or with no snippets", () => {
    assert.equal(renderRelatedSnippets([{ path: "a.ts", text: "f();" }], "json"), "");
    assert.equal(renderRelatedSnippets([], "typescript"), "");
    assert.equal(lineCommentMarker("markdown"), undefined);
    assert.equal(lineCommentMarker("sql"), "--");
  });
});
