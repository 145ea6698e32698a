import { limitScopeByIndentation } from "../../../../src/completion/postprocess/limitScopeByIndentation";
import { runGolden } from "./golden";

const go = { languageId: "go", indentation: { useTabs: true, size: 4 } };

runGolden("limitScopeByIndentation", limitScopeByIndentation, [
  {
    why: "new function at the end of the file: stops after its closer",
    before: "function f() {",
    after: "",
    raw: "\n  return 1;\n}\n\nfunction g() {\n  return 2;\n}",
    expected: "\n  return 1;\n}",
  },
  { why: "the document already has the closer next: not added again", before: "function f() {", after: "\n}", raw: "\n  return 1;\n}", expected: "\n  return 1;" },
  { why: "JSON: `},` is the same closer as the document's `}`", before: '{\n  "scripts": {', after: "\n  }\n}", raw: '\n    "test": "mocha"\n  },\n  "private": true', expected: '\n    "test": "mocha"', languageId: "json" },
  {
    why: "a new if in the middle of a function keeps its own closer (the `}` below is the function's)",
    before: "function f(x) {\n  if (x) {",
    after: "\n  return 1;\n}",
    raw: "\n    log(x);\n  }\n  return 1;\n}",
    expected: "\n    log(x);\n  }",
  },
  { why: "a closer two levels out is never kept", before: "  if (x) {", after: "", raw: "\n    a();\n  }\n}", expected: "\n    a();\n  }" },
  { why: "empty line in a body: the document closes the block itself", before: "function f() {\n  const a = 1;\n  ", after: "\n}", raw: "return a;\n}", expected: "return a;" },
  {
    why: "Python: stops at the dedent to the next function",
    before: "def f(x):\n    y = x * 2\n    ",
    after: "\n\ndef g():\n    pass",
    raw: "return y\n\ndef h():\n    pass",
    expected: "return y\n",
    languageId: "python",
    indentation: { useTabs: false, size: 4 },
  },
  { why: "Go: `} else {` continues past the block: cut before it", before: "\tif err != nil {", after: "", raw: "\n\t\treturn err\n\t} else {\n\t\tlog()\n\t}", expected: "\n\t\treturn err", ...go },
  { why: "Ruby: `end` closing the method the document lacks is kept", before: "def greet(name)", after: "", raw: "\n  puts name\nend\n\ndef other", expected: "\n  puts name\nend", languageId: "ruby", mode: "multiLine" },
  { why: "maxLines after a block opener (its empty first line not counted)", before: "function f() {", after: "", raw: "\n  a();\n  b();\n  c();\n  d();", expected: "\n  a();\n  b();\n  c();", maxLines: 3 },
  { why: "maxLines on an empty body line", before: "function f() {\n  ", after: "\n}", raw: "a();\n  b();\n  c();", expected: "a();\n  b();", maxLines: 2 },
  { why: "unchanged: nested blocks and blank lines inside the body", before: "function f() {", after: "", raw: "\n  if (a) {\n    b();\n  }\n\n  c();\n}", expected: "\n  if (a) {\n    b();\n  }\n\n  c();\n}" },
  { why: "unchanged: single-line mode is left to limitToSingleLine", before: "x = ", after: "", raw: "1\ny = 2", expected: "1\ny = 2" },
]);
