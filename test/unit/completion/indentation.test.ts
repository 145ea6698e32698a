import assert from "node:assert/strict";
import { linesFromText } from "../../../src/completion/context/documentLines";
import { detectIndentation } from "../../../src/completion/context/indentation";

describe("indentation detection", () => {
  it("finds 2-space, 4-space and tab indentation", () => {
    const two = "function f() {\n  if (x) {\n    y();\n  }\n}\n";
    const four = "def f():\n    if x:\n        y()\n    return 1\n";
    const tabs = "func f() {\n\tif x {\n\t\ty()\n\t}\n}\n";
    assert.deepEqual(detectIndentation(linesFromText(two, "typescript"), { line: 0, character: 0 }), { useTabs: false, size: 2 });
    assert.deepEqual(detectIndentation(linesFromText(four, "python"), { line: 0, character: 0 }), { useTabs: false, size: 4 });
    assert.deepEqual(detectIndentation(linesFromText(tabs, "go"), { line: 0, character: 0 }), { useTabs: true, size: 4 });
  });

  it("defaults to 4 spaces for a file without indentation", () => {
    assert.deepEqual(detectIndentation(linesFromText("a\nb\n", "plaintext"), { line: 0, character: 0 }), { useTabs: false, size: 4 });
  });
});
