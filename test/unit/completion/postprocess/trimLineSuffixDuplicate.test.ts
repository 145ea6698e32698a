import { trimLineSuffixDuplicate } from "../../../../src/completion/postprocess/trimLineSuffixDuplicate";
import { runGolden } from "./golden";

runGolden("trimLineSuffixDuplicate", trimLineSuffixDuplicate, [
  { why: "a suggestion equal to the rest of the line is dropped", before: "foo(", after: ");", raw: ");", expected: "" },
  { why: "an ending that copies the rest of the line is stripped", before: "const s = compute(", after: ");", raw: "a, b);", expected: "a, b" },
  { why: "the auto-closed paren is not added again", before: "call(", after: ")", raw: "value)", expected: "value" },
  { why: "the auto-closed quote is not added again", before: 'const s = "', after: '";', raw: 'hello";', expected: "hello" },
  { why: "JSON: the closing quote and brace are already there", before: '{ "name": "', after: '" }', raw: 'local-slm" }', expected: "local-slm", languageId: "json" },
  { why: "if condition: `) {` is already there", before: "if (", after: ") {", raw: "x > 0) {", expected: "x > 0" },
  { why: "the model's own ending after the paren goes with it (`a);` before `)`)", before: "console.log(", after: ")", raw: "a);", expected: "a" },
  { why: "array: the closing bracket is already there", before: "const xs = [", after: "];", raw: "1, 2, 3];", expected: "1, 2, 3" },
  { why: "strings opened and closed inside the suggestion are understood", before: 'x = ["', after: '"]', raw: 'a", "b"]', expected: 'a", "b', languageId: "python" },
  { why: "text after the cursor: only one line can be inserted", before: "foo(", after: ")", raw: "a,\n  b", expected: "a," },
  { why: "a copied word ending is stripped too", before: "// hello ", after: "world", raw: "big world", expected: "big " },
  { why: "unchanged: a closer that closes the suggestion's own opener", before: "outer(", after: ")", raw: "inner(x)", expected: "inner(x)" },
  { why: "unchanged: a string the suggestion opens and closes itself", before: "print(", after: ")", raw: '"hello"', expected: '"hello"', languageId: "python" },
  { why: "Go: the string is the model's own, the paren is the line's", before: "\tfmt.Println(", after: ")", raw: '"done")', expected: '"done"', languageId: "go" },
  { why: "unchanged: no text after the cursor", before: "let a = ", after: "", raw: "b)", expected: "b)" },
  { why: "unchanged: nothing in the suggestion duplicates the rest", before: "foo(", after: ")", raw: "a, b", expected: "a, b" },
]);
