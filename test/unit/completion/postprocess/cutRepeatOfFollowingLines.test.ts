import { cutRepeatOfFollowingLines } from "../../../../src/completion/postprocess/cutRepeatOfFollowingLines";
import { runGolden } from "./golden";

runGolden("cutRepeatOfFollowingLines", cutRepeatOfFollowingLines, [
  { why: "a suggestion that is the next line again is dropped", before: "function f() {\n  ", after: "\n  return total;\n}", raw: "return total;", expected: "" },
  { why: "cut where the suggestion starts repeating the next lines", before: "  const a = 1;\n  ", after: "\n  return a + b;\n}", raw: "const b = 2;\n  return a + b;\n}", expected: "const b = 2;" },
  { why: "whitespace differences do not hide a repeat", before: "  const a = 1;\n  ", after: "\n  return a + b;\n}", raw: "const b = 2;\n  return a+b;", expected: "const b = 2;" },
  { why: "a missing semicolon does not hide a repeat", before: "let a = 1;\n", after: "\nconsole.log(a);", raw: "a++;\nconsole.log(a)", expected: "a++;", languageId: "javascript" },
  { why: "blank lines in the document are skipped", before: "function f() {\n  ", after: "\n\n  return a;\n}", raw: "const a = 1;\n\n  return a;", expected: "const a = 1;\n" },
  { why: "the first line completes the cursor's line into the next line", before: "  const a = 1;\n  ret", after: "\n  return a;\n}", raw: "urn a;", expected: "" },
  { why: "mid-line: the line it makes is the line below", before: "  const x = foo(", after: ");\n  const x = foo(1);", raw: "1", expected: "" },
  { why: "a closer tail that is exactly the following text", before: "  items.forEach((item) => {\n    ", after: "\n  });\n}", raw: "log(item);\n  });\n}", expected: "log(item);" },
  { why: "Python: the next statement repeated", before: "def f(x):\n    y = x * 2\n    ", after: "\n    return y", raw: "z = y + 1\n    return y", expected: "z = y + 1", languageId: "python" },
  { why: "unchanged: a `}` closing the suggestion's own block is not the function's", before: "function f(x) {\n  ", after: "\n}", raw: "if (x) {\n    log(x);\n  }", expected: "if (x) {\n    log(x);\n  }" },
  { why: "unchanged: new lines that do not repeat", before: "  ", after: "\n  return x;", raw: "const x = load();", expected: "const x = load();" },
  { why: "unchanged: a similar but different line", before: "function f() {\n  ", after: "\n  const a = 1;", raw: "const b = 1;", expected: "const b = 1;" },
  { why: "unchanged: only the next line starts a repetition, not one further down", before: "  ", after: "\n  b();\n  log(a);", raw: "a++;\n  log(a);", expected: "a++;\n  log(a);" },
  { why: "unchanged: nothing follows the cursor", before: "function f() {\n  ", after: "", raw: "return 1;\n}", expected: "return 1;\n}" },
]);
