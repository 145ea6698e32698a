import assert from "node:assert/strict";
import { editsFromAnswer, editToShow, isInsertionAt } from "../../../src/nextEdit/responseEdits";

const WINDOW = ["function area(width, height) {", "  const w = width;", "  const h = height;", "  return w * h;", "}"];
const at = (window: string[], answer: string[], complete = true, windowStart = 100) =>
  editsFromAnswer({ text: "\n" + answer.join("\n") + "\n", complete, window, windowStart });

describe("next edit: answer -> edits", () => {
  it("an unchanged window gives no edit", () => {
    assert.deepEqual(at(WINDOW, WINDOW), { edits: [] });
  });

  it("a replacement below the cursor is narrowed to the characters that differ, in document lines", () => {
    const answer = [...WINDOW];
    answer[3] = "  return w * h * depth;";
    assert.deepEqual(at(WINDOW, answer).edits, [{ startLine: 103, startColumn: 14, endLine: 103, endColumn: 14, newText: " * depth" }]);
  });

  it("a replacement above the cursor: the renamed parameter", () => {
    const answer = [...WINDOW];
    answer[0] = "function area(w2, height) {";
    assert.deepEqual(at(WINDOW, answer).edits, [{ startLine: 100, startColumn: 15, endLine: 100, endColumn: 19, newText: "2" }]);
  });

  it("an inserted line becomes a newline and the line at the end of the line before", () => {
    const answer = [...WINDOW.slice(0, 3), "  const d = depth;", ...WINDOW.slice(3)];
    assert.deepEqual(at(WINDOW, answer).edits, [{ startLine: 102, startColumn: 19, endLine: 102, endColumn: 19, newText: "\n  const d = depth;" }]);
  });

  it("a line inserted at the top of the window goes before the first line", () => {
    const answer = ["// area of a rectangle", ...WINDOW];
    assert.deepEqual(at(WINDOW, answer).edits, [{ startLine: 100, startColumn: 0, endLine: 100, endColumn: 0, newText: "// area of a rectangle\n" }]);
  });

  it("a deleted line is a range across the line break, replaced by nothing", () => {
    const answer = [WINDOW[0]!, WINDOW[2]!, WINDOW[3]!, WINDOW[4]!];
    assert.deepEqual(at(WINDOW, answer).edits, [{ startLine: 100, startColumn: 30, endLine: 101, endColumn: 18, newText: "" }]);
  });

  it("edits above and below the cursor come in document order, and the one to show is at or after the cursor", () => {
    const answer = [...WINDOW];
    answer[0] = "function area(w, height) {";
    answer[3] = "  return w * h * 1;";
    const { edits } = at(WINDOW, answer);
    assert.deepEqual(edits.map((e) => e.startLine), [100, 103]);
    assert.equal(editToShow(edits, 102)?.startLine, 103);
    assert.equal(editToShow(edits, 104)?.startLine, 103, "nothing below: the nearest above");
  });

  it("a pure insertion at the cursor is recognized (shown as ghost text)", () => {
    const window = ["const total = items.", "console.log(total);"];
    const { edits } = at(window, ["const total = items.length;", "console.log(total);"], true, 0);
    assert.equal(edits.length, 1);
    assert.ok(isInsertionAt(edits[0]!, 0, 20));
    assert.equal(edits[0]!.newText, "length;");
    assert.ok(!isInsertionAt(edits[0]!, 1, 0));
  });

  it("whitespace: trailing spaces the model dropped are no edit, an indentation change is one", () => {
    const window = ["if (x) {", "  y();  ", "z();", "}"];
    assert.deepEqual(at(window, ["if (x) {", "  y();", "z();", "}"], true, 0).edits, []);
    assert.deepEqual(at(window, ["if (x) {", "  y();  ", "  z();", "}"], true, 0).edits, [{ startLine: 2, startColumn: 0, endLine: 2, endColumn: 0, newText: "  " }]);
  });

  it("trailing blank lines the answer leaves out are not deleted", () => {
    assert.deepEqual(at([...WINDOW, "", ""], WINDOW).edits, []);
  });

  it("an answer that was cut at the token limit gives no edit", () => {
    const answer = [...WINDOW];
    answer[3] = "  return w * h * depth;";
    assert.equal(at(WINDOW, answer, false).rejected, "cut");
  });

  it("an answer that repeats the window gives no edit", () => {
    const long = [...WINDOW, ...WINDOW, ...WINDOW, ...WINDOW];
    assert.equal(at(WINDOW, long).rejected, "repeats");
  });

  it("an answer that rewrites the window gives no edit", () => {
    assert.equal(at(WINDOW, ["import os", "print(os.getcwd())", "x = 1", "y = 2", "z = 3"]).rejected, "rewrite");
  });

  it("an answer that does not parse as a window (empty, or prose) gives no edit", () => {
    assert.equal(editsFromAnswer({ text: "\n\n", complete: true, window: WINDOW, windowStart: 0 }).rejected, "empty");
    assert.equal(at(WINDOW, ["Sure! Here is the updated code:", "It multiplies width by height."]).rejected, "rewrite");
  });

  it("CRLF answers are read as lines", () => {
    const answer = [...WINDOW];
    answer[3] = "  return w * h * depth;";
    const parsed = editsFromAnswer({ text: "\r\n" + answer.join("\r\n") + "\r\n", complete: true, window: WINDOW, windowStart: 0 });
    assert.deepEqual(parsed.edits, [{ startLine: 3, startColumn: 14, endLine: 3, endColumn: 14, newText: " * depth" }]);
  });
});
