import { cutAtUnmatchedCloser } from "../../../../src/completion/postprocess/cutAtUnmatchedCloser";
import { runGolden } from "./golden";

runGolden("cutAtUnmatchedCloser", cutAtUnmatchedCloser, [
  { why: "a closer on the last code line: the document already closes the block", before: "function f() {", after: "\n}", raw: "\n  return 1; }", expected: "\n  return 1;" },
  { why: "a closer at the wrong indentation is still the block's closer", before: "function f() {\n  ", after: "\n}", raw: "return 1;\n  }", expected: "return 1;" },
  { why: "a callback the document already closes with `});`", before: "items.forEach((item) => {", after: "\n});", raw: "\n  log(item);\n});", expected: "\n  log(item);" },
  { why: "a function argument closed by `})` below", before: "foo(function () {", after: "\n})", raw: "\n  run();\n}", expected: "\n  run();" },
  { why: "Python list: the document has the `]`", before: "values = [", after: "\n]", raw: "\n    1,\n    2,\n]", expected: "\n    1,\n    2,", languageId: "python" },
  { why: "only a closer is nothing", before: "function f() {\n  ", after: "\n}", raw: "}", expected: "" },
  { why: "unchanged: the document does not close the block (end of file)", before: "function f() {", after: "", raw: "\n  return 1;\n}", expected: "\n  return 1;\n}" },
  { why: "unchanged: the document's `}` is further left, an outer block's", before: "function f(x) {\n  if (x) {", after: "\n}", raw: "\n    log(x);\n  }", expected: "\n    log(x);\n  }" },
  { why: "unchanged: brackets balanced within the suggestion", before: "function f() {", after: "\n}", raw: "\n  if (x) {\n    y();\n  }", expected: "\n  if (x) {\n    y();\n  }" },
  { why: "unchanged: a bracket in a string", before: "function f() {", after: "\n}", raw: '\n  return ")}";', expected: '\n  return ")}";' },
  { why: "unchanged: a bracket in a comment", before: "function f() {", after: "\n}", raw: "\n  return 1; // }", expected: "\n  return 1; // }" },
  { why: "unchanged: the document closes with a different bracket", before: "function f() {", after: "\n)", raw: "\n  a();\n}", expected: "\n  a();\n}" },
  { why: "unchanged: single-line mode is left to trimLineSuffixDuplicate", before: "foo(", after: ")", raw: "a)", expected: "a)" },
]);
