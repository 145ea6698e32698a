import { trimTrailingWhitespace } from "../../../../src/completion/postprocess/trimTrailingWhitespace";
import { runGolden } from "./golden";

runGolden("trimTrailingWhitespace", trimTrailingWhitespace, [
  { why: "trailing spaces and blank lines go", before: "function f() {\n  ", after: "", raw: "a();  \n  b();\n\n", expected: "a();\n  b();" },
  { why: "trailing tabs go", before: "", after: "", raw: "x := 1\t\t", expected: "x := 1", languageId: "go" },
  { why: "trailing lines of indentation only go", before: "def f():", after: "", raw: "\n    return 1\n    \n    ", expected: "\n    return 1", languageId: "python" },
  { why: "a blank line inside is kept, emptied", before: "  ", after: "", raw: "a();\n   \n  b();", expected: "a();\n\n  b();" },
  { why: "whitespace only becomes empty", before: "  ", after: "", raw: "  \n \n", expected: "" },
  { why: "text after the cursor: the space before it is kept", before: "foo(", after: "b)", raw: "a, ", expected: "a, " },
  { why: "text after the cursor starting with a space: no double space", before: "x = a", after: " + 1", raw: "bc ", expected: "bc" },
  { why: "unchanged: leading indentation", before: "", after: "", raw: "  x", expected: "  x" },
  { why: "unchanged: a block opener's leading newline", before: "function f() {", after: "", raw: "\n  return 1;", expected: "\n  return 1;" },
]);
