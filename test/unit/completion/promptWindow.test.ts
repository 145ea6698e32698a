import assert from "node:assert/strict";
import { linesFromText } from "../../../src/completion/context/documentLines";
import { buildPromptWindow, DEFAULT_WINDOW, stableStartLine } from "../../../src/completion/context/promptWindow";

const code = Array.from({ length: 400 }, (_, i) => `const value${i} = compute(${i});`).join("\n");

describe("prompt window", () => {
  it("splits the document at the cursor, keeping the cursor's line whole", () => {
    const doc = linesFromText("a\nhello world\nb\nc", "plaintext");
    const w = buildPromptWindow(doc, { line: 1, character: 5 });
    assert.equal(w.prefix, "a\nhello");
    assert.equal(w.suffix, " world\nb\nc");
    assert.equal(w.linePrefix, "hello");
    assert.equal(w.lineSuffix, " world");
  });

  it("keeps the prefix start fixed while typing on a line (KV cache reuse)", () => {
    const lines = code.split("\n");
    const starts = new Set<number>();
    for (let n = 0; n < 20; n++) {
      lines[300] = `let typed = ${"x".repeat(n)}`;
      const w = buildPromptWindow(linesFromText(lines.join("\n"), "typescript"), { line: 300, character: lines[300]!.length });
      starts.add(w.startLine);
      assert.ok(w.prefix.startsWith(lines[w.startLine]!));
    }
    assert.equal(starts.size, 1);
  });

  it("moves the start in steps of many lines as the cursor moves down", () => {
    const starts = new Set<number>();
    for (let line = 200; line < 264; line++) starts.add(stableStartLine(line, DEFAULT_WINDOW));
    assert.equal(starts.size, 3, "64 lines of movement cross two 32-line step boundaries: three starts, not 64");
    assert.equal(stableStartLine(10, DEFAULT_WINDOW), 0);
  });

  it("keeps the suffix short and cut at a line end", () => {
    const doc = linesFromText(code, "typescript");
    const w = buildPromptWindow(doc, { line: 100, character: 5 });
    assert.ok(w.suffix.length <= DEFAULT_WINDOW.suffixChars);
    assert.ok(w.suffix.startsWith(doc.lineAt(100).slice(5)));
    assert.ok(!w.suffix.endsWith("\n"));
  });

  it("bounds a minified single-line file, with a cut that moves in large steps", () => {
    const line = "var a=1;".repeat(650_000); // ~5 MB on one line
    const doc = linesFromText(line, "javascript");
    const cuts = new Set<string>();
    for (let character = 4_000_000; character < 4_000_300; character += 7) {
      const w = buildPromptWindow(doc, { line: 0, character });
      assert.ok(w.prefix.length <= DEFAULT_WINDOW.prefixChars);
      assert.ok(w.suffix.length <= DEFAULT_WINDOW.suffixChars);
      cuts.add(String(character - w.prefix.length));
    }
    assert.ok(cuts.size <= 2, `prefix start moved ${cuts.size} times in 300 characters`);
  });
});
