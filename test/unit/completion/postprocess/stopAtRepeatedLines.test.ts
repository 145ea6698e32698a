import { stopAtRepeatedLines } from "../../../../src/completion/postprocess/stopAtRepeatedLines";
import { runGolden } from "./golden";

const body = { before: "function f() {\n  ", after: "\n}" };

runGolden("stopAtRepeatedLines", stopAtRepeatedLines, [
  { why: "the same line 3 times: cut after the first", ...body, raw: "total += 1;\n  total += 1;\n  total += 1;", expected: "total += 1;" },
  { why: "a loop after good lines keeps the good lines", ...body, raw: "const a = 1;\n  log(a);\n  log(a);\n  log(a);\n  log(a);", expected: "const a = 1;\n  log(a);" },
  { why: "blank lines between the copies do not hide the loop", ...body, raw: "foo();\n\n  foo();\n\n  foo();", expected: "foo();" },
  { why: "a 2-line block written twice", ...body, raw: "a = read();\n  process(a);\n  a = read();\n  process(a);", expected: "a = read();\n  process(a);" },
  { why: "a 3-line block written twice", ...body, raw: "if (x) {\n    y();\n  }\n  if (x) {\n    y();\n  }", expected: "if (x) {\n    y();\n  }" },
  { why: "a comment line looping", before: "", after: "", raw: "// TODO\n// TODO\n// TODO\n// TODO", expected: "// TODO" },
  { why: "Python: a loop at changing indentation is still a loop", before: "def f():\n    ", after: "", raw: "x += 1\n    x += 1\n        x += 1", expected: "x += 1", languageId: "python" },
  { why: "unchanged: a line written twice is ordinary code", ...body, raw: "i++;\n  i++;", expected: "i++;\n  i++;" },
  { why: "unchanged: closing braces of nested blocks", before: "", after: "", raw: "      }\n    }\n  }\n}", expected: "      }\n    }\n  }\n}" },
  { why: "unchanged: Ruby `end`s of nested blocks", before: "", after: "", raw: "    end\n  end\nend", expected: "    end\n  end\nend", languageId: "ruby" },
  { why: "unchanged: a repeated assertion once is fine", ...body, raw: "assert.equal(a, 1);\n  assert.equal(a, 1);\n  assert.equal(b, 2);", expected: "assert.equal(a, 1);\n  assert.equal(a, 1);\n  assert.equal(b, 2);" },
  { why: "unchanged: similar but different lines", ...body, raw: "x[0] = 0;\n  x[1] = 0;\n  x[2] = 0;", expected: "x[0] = 0;\n  x[1] = 0;\n  x[2] = 0;" },
]);
