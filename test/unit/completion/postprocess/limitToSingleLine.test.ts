import { limitToSingleLine } from "../../../../src/completion/postprocess/limitToSingleLine";
import { runGolden } from "./golden";

runGolden("limitToSingleLine", limitToSingleLine, [
  { why: "mid-line: the first line only", before: "foo(", after: ")", raw: "a, b\nbar()", expected: "a, b" },
  { why: "in a line comment: the first line only", before: "// compute the ", after: "", raw: "sum\nfunction sum() {}", expected: "sum" },
  { why: "in a Python comment: the first line only", before: "    # TODO: handle ", after: "", raw: "errors\n    pass", expected: "errors", languageId: "python" },
  { why: "end of an ordinary line: the first line only", before: "  const total = items.length", after: "", raw: ";\n  return total;", expected: ";" },
  { why: "single-line mode and the model started a new line: nothing for this line", before: "const x = 1;", after: "", raw: "\nconst y = 2;", expected: "" },
  { why: "Markdown heading: the first line only", before: "# Local ", after: "", raw: "SLM\n\nA VS Code extension", expected: "SLM", languageId: "markdown" },
  { why: "unchanged: one line in single-line mode", before: "foo(", after: ")", raw: "a, b", expected: "a, b" },
  { why: "unchanged: after a block opener several lines are allowed", before: "function f() {", after: "", raw: "\n  return 1;\n}", expected: "\n  return 1;\n}" },
  { why: "unchanged: an empty line in a body allows several lines", before: "function f() {\n  ", after: "\n}", raw: "const a = 1;\n  return a;", expected: "const a = 1;\n  return a;" },
  { why: "unchanged: a Python line ending with ':' opens a block", before: "for x in items:", after: "", raw: "\n    print(x)", expected: "\n    print(x)", languageId: "python" },
]);
