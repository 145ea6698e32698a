import assert from "node:assert/strict";
import { linesFromText } from "../../../src/completion/context/documentLines";
import { coalesce, EditHistory, type TextChange } from "../../../src/nextEdit/editHistory";
import { MAX_LINE_CHARS } from "../../../src/nextEdit/sweepFormat";
import { originalCursorLine, windowAround } from "../../../src/nextEdit/window";

const TEXT = ["def area(width, height):", "    w = width", "    h = height", "    return w * h", ""].join("\n");
const typeAt = (line: number, character: number, text: string): TextChange => ({ startLine: line, startCharacter: character, endLine: line, endCharacter: character, text });

describe("next edit: edit history", () => {
  it("keystrokes on one line within the pause become one hunk; the followed text matches", () => {
    const history = new EditHistory({ coalesceMs: 1000 });
    history.track("a.py", TEXT, 0);
    // "width" -> "w2": select "idth" and type "2"
    history.applyChange("a.py", { startLine: 0, startCharacter: 10, endLine: 0, endCharacter: 14, text: "" }, 100);
    history.applyChange("a.py", typeAt(0, 10, "2"), 200);
    assert.deepEqual(history.hunks("a.py").map(({ start, oldLines, newLines }) => ({ start, oldLines, newLines })), [
      { start: 0, oldLines: ["def area(width, height):"], newLines: ["def area(w2, height):"] },
    ]);
    assert.equal(history.current("a.py")!.join("\n"), TEXT.replace("width, ", "w2, "));
    assert.equal(history.original("a.py")!.join("\n"), TEXT);
  });

  it("edits far apart, or after a pause, stay separate hunks; typing and erasing leaves none", () => {
    const history = new EditHistory({ coalesceMs: 1000 });
    history.track("a.py", TEXT, 0);
    history.applyChange("a.py", typeAt(0, 0, "#"), 100);
    history.applyChange("a.py", typeAt(3, 4, "#"), 200); // three lines away
    history.applyChange("a.py", typeAt(3, 5, "!"), 5000); // same place, after a pause
    assert.equal(history.hunks("a.py").length, 3);
    const erased = new EditHistory();
    erased.track("b.py", TEXT, 0);
    erased.applyChange("b.py", typeAt(1, 5, "x"), 10);
    erased.applyChange("b.py", { startLine: 1, startCharacter: 5, endLine: 1, endCharacter: 6, text: "" }, 20);
    assert.deepEqual(erased.hunks("b.py"), []);
  });

  it("a new line typed under the cursor line coalesces with the typing that follows", () => {
    const history = new EditHistory();
    history.track("a.py", TEXT, 0);
    history.applyChange("a.py", typeAt(2, 14, "\n    "), 10);
    history.applyChange("a.py", typeAt(3, 4, "d = 1"), 20);
    const [hunk] = history.hunks("a.py");
    assert.deepEqual({ start: hunk!.start, oldLines: hunk!.oldLines, newLines: hunk!.newLines }, { start: 2, oldLines: ["    h = height"], newLines: ["    h = height", "    d = 1"] });
  });

  it("coalesce: B touching A's lines merges over the union, B elsewhere does not", () => {
    const a = { start: 5, oldLines: ["x"], newLines: ["x1", "x2"], at: 0 };
    assert.deepEqual(coalesce(a, { start: 7, oldLines: ["y"], newLines: ["y!"], at: 1 }), { start: 5, oldLines: ["x", "y"], newLines: ["x1", "x2", "y!"], at: 1 });
    assert.equal(coalesce(a, { start: 9, oldLines: ["z"], newLines: ["z!"], at: 1 }), undefined);
  });

  it("bounded: hunks per document and documents", () => {
    const history = new EditHistory({ maxHunks: 3, maxDocuments: 2, coalesceMs: 0 });
    history.track("a.py", TEXT, 0);
    for (let i = 1; i <= 6; i++) history.applyChange("a.py", typeAt(i % 2 === 0 ? 0 : 3, 0, "#"), i * 10);
    assert.equal(history.hunks("a.py").length, 3);
    history.track("b.py", TEXT, 100);
    history.track("c.py", TEXT, 200);
    assert.equal(history.current("a.py"), undefined, "the least recent document is dropped");
    assert.ok(history.current("c.py"));
  });

  it("a document that is not followed, or a change out of step, records nothing", () => {
    const history = new EditHistory();
    history.applyChange("nope.py", typeAt(0, 0, "x"), 0);
    assert.deepEqual(history.hunks("nope.py"), []);
    history.track("a.py", TEXT, 0);
    history.applyChange("a.py", typeAt(99, 0, "x"), 1);
    assert.equal(history.current("a.py"), undefined);
  });
});

describe("next edit: window", () => {
  it("21 lines around the cursor, fewer at the file's edges", () => {
    const doc = linesFromText(Array.from({ length: 100 }, (_, i) => `line ${i}`).join("\n"), "plaintext");
    assert.deepEqual(windowAround(doc, 50), { start: 40, lines: Array.from({ length: 21 }, (_, i) => `line ${40 + i}`) });
    assert.equal(windowAround(doc, 3)!.start, 0);
    assert.equal(windowAround(doc, 3)!.lines.length, 14);
    assert.equal(windowAround(doc, 99)!.lines.length, 11);
  });

  it("a minified line is never sent: the window stops before it, and a cursor on it gets none", () => {
    const long = "x".repeat(MAX_LINE_CHARS + 1);
    const doc = linesFromText(["a", "b", long, "c", "d", "e", long, "f"].join("\n"), "javascript");
    assert.deepEqual(windowAround(doc, 4), { start: 3, lines: ["c", "d", "e"] });
    assert.equal(windowAround(doc, 2), undefined);
  });

  it("a huge file: the window is still 21 lines, read line by line", () => {
    let reads = 0;
    const doc = { lineCount: 5_000_000, languageId: "plaintext", lineAt: (l: number) => (reads++, `line ${l}`) };
    assert.equal(windowAround(doc, 2_500_000)!.lines.length, 21);
    assert.ok(reads < 50, `${reads} lines read`);
  });

  it("the cursor maps to the original text across inserted lines", () => {
    const original = ["import", "function", "// old", "return", "}"];
    const current = linesFromText(["import", "function", "// new 1", "// new 2", "// old", "return", "}"].join("\n"), "js");
    assert.equal(originalCursorLine(original, current, 6), 4);
    assert.equal(originalCursorLine(original, current, 1), 1);
    assert.equal(originalCursorLine(original, current, 3), 2);
  });
});
