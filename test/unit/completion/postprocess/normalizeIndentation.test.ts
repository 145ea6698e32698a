import { normalizeIndentation } from "../../../../src/completion/postprocess/normalizeIndentation";
import { runGolden } from "./golden";

const python4 = { languageId: "python", indentation: { useTabs: false, size: 4 } };
const go = { languageId: "go", indentation: { useTabs: true, size: 4 } };
const ts4 = { indentation: { useTabs: false, size: 4 } };

runGolden("normalizeIndentation", normalizeIndentation, [
  { why: "2-space model output in a 4-space Python file", before: "def f():", after: "", raw: "\n  if x:\n    return 1", expected: "\n    if x:\n        return 1", ...python4 },
  { why: "method in a class: depth counted from the cursor's line", before: "class A:\n    def f(self):", after: "", raw: "\n      x = 1\n      return x", expected: "\n        x = 1\n        return x", ...python4 },
  { why: "empty body line: nested lines re-scaled", before: "def f(x):\n    ", after: "", raw: "if x:\n      y()", expected: "if x:\n        y()", ...python4 },
  { why: "spaces to tabs in a tab-indented Go file", before: "func f() {", after: "", raw: "\n    x := 1\n    return x", expected: "\n\tx := 1\n\treturn x", ...go },
  { why: "tab + 2 spaces under a tab-indented line becomes two tabs", before: "func f() {\n\tif x {", after: "", raw: "\n\t  y()\n\t}", expected: "\n\t\ty()\n\t}", ...go },
  { why: "tabs to spaces in a 4-space file", before: "function f() {", after: "", raw: "\n\tif (x) {\n\t\treturn 1;\n\t}", expected: "\n    if (x) {\n        return 1;\n    }", ...ts4 },
  { why: "4-space output in a 2-space file", before: "function f() {", after: "", raw: "\n    if (a) {\n        b();\n    }\n}", expected: "\n  if (a) {\n    b();\n  }\n}" },
  { why: "JSDoc alignment survives the re-scaling", before: "class A {", after: "", raw: "\n  /**\n   * Sum.\n   */\n  sum() {}", expected: "\n    /**\n     * Sum.\n     */\n    sum() {}", ...ts4 },
  { why: "whitespace-only lines become empty", before: "def f():", after: "", raw: "\n    a = 1\n   \n    b = 2", expected: "\n    a = 1\n\n    b = 2", ...python4 },
  { why: "unchanged: already in the document's style", before: "def f():", after: "", raw: "\n    if x:\n        return 1", expected: "\n    if x:\n        return 1", ...python4 },
  { why: "unchanged: a closer at the cursor line's indentation", before: "  if (x) {", after: "", raw: "\n    y();\n  }", expected: "\n    y();\n  }" },
  { why: "unchanged: an odd alignment is not a style to convert", before: "const total = sum(a,", after: "", raw: "\n                  b)", expected: "\n                  b)", ...ts4 },
  { why: "unchanged: a single line (the cursor's line keeps what it has)", before: "x = ", after: "", raw: "  1", expected: "  1" },
]);
