import { cutRepeatOfFollowingLines } from "../../../../src/completion/postprocess/cutRepeatOfFollowingLines";
import { limitScopeByIndentation } from "../../../../src/completion/postprocess/limitScopeByIndentation";
import { limitToSingleLine } from "../../../../src/completion/postprocess/limitToSingleLine";
import { normalizeCharacters } from "../../../../src/completion/postprocess/normalizeCharacters";
import { normalizeIndentation } from "../../../../src/completion/postprocess/normalizeIndentation";
import { removeCodeFences } from "../../../../src/completion/postprocess/removeCodeFences";
import { removeSpecialTokens } from "../../../../src/completion/postprocess/removeSpecialTokens";
import { stopAtRepeatedLines } from "../../../../src/completion/postprocess/stopAtRepeatedLines";
import { trimLineSuffixDuplicate } from "../../../../src/completion/postprocess/trimLineSuffixDuplicate";
import { trimWhitespace } from "../../../../src/completion/postprocess/trimWhitespace";
import { filterRunner, runGolden } from "./golden";

runGolden("removeSpecialTokens", filterRunner(removeSpecialTokens), [
  { why: "cuts at a leaked end-of-text token", before: "const x = ", after: "", raw: "compute();<|endoftext|>garbage", expected: "compute();" },
  { why: "cuts at a leaked FIM token", before: "return ", after: "", raw: "a + b<|fim_suffix|>}", expected: "a + b" },
  { why: "cuts at CodeLlama's <EOT>", before: "x = ", after: "", raw: "1 <EOT>", expected: "1 " },
  { why: "cuts at DeepSeek's FIM token", before: "x = ", after: "", raw: "2<｜fim▁end｜>", expected: "2" },
  { why: "leaves ordinary comparison operators alone", before: "if (", after: ")", raw: "a < b && c > d", expected: "a < b && c > d" },
  { why: "leaves HTML tags alone", before: "<div>", after: "", raw: "<span>hi</span>", expected: "<span>hi</span>", languageId: "html" },
]);

runGolden("normalizeCharacters", filterRunner(normalizeCharacters), [
  { why: "a lone carriage return is a line break (single-line mode then cuts there)", before: "f(", after: ")", raw: "a\rb", expected: "a\nb" },
  { why: "Windows line endings become \\n", before: "", after: "", raw: "a();\r\nb();", expected: "a();\nb();" },
  { why: "control characters and U+FFFD are removed", before: "x = ", after: "", raw: "1\u0007\ufffd2", expected: "12" },
  { why: "tabs are kept", before: "", after: "", raw: "\tx", expected: "\tx" },
]);

runGolden("removeCodeFences", filterRunner(removeCodeFences), [
  { why: "unwraps a chat-style fenced answer", before: "function f() {\n", after: "\n}", raw: "```ts\n  return 1;\n```", expected: "  return 1;" },
  { why: "cuts a fence that starts after code", before: "const a = ", after: "", raw: "1;\n```\nExplanation", expected: "1;" },
  { why: "keeps a fence in a Markdown document", before: "Example:\n", after: "", raw: "```ts\nconst a = 1;\n```", expected: "```ts\nconst a = 1;\n```", languageId: "markdown" },
  { why: "leaves code without fences alone", before: "let a = ", after: "", raw: "`template`", expected: "`template`" },
]);

runGolden("limitToSingleLine", filterRunner(limitToSingleLine), [
  { why: "mid-line: the first line only", before: "foo(", after: ")", raw: "a, b\nbar()", expected: "a, b" },
  { why: "in a comment: the first line only", before: "// compute the ", after: "", raw: "sum\nfunction sum() {}", expected: "sum" },
  { why: "block opener: several lines allowed", before: "function f() {", after: "", raw: "\n  return 1;\n}", expected: "\n  return 1;\n}" },
]);

runGolden("stopAtRepeatedLines", filterRunner(stopAtRepeatedLines), [
  { why: "a looping model is cut after the first copy", before: "", after: "", raw: "  total += 1;\n  total += 1;\n  total += 1;", expected: "  total += 1;" },
  { why: "short repeated lines like braces are fine", before: "", after: "", raw: "  }\n}", expected: "  }\n}" },
  { why: "different lines are kept", before: "", after: "", raw: "a();\nb();\nc();", expected: "a();\nb();\nc();" },
]);

runGolden("limitScopeByIndentation", filterRunner(limitScopeByIndentation), [
  {
    why: "stops before leaving the block, keeping the closer the document lacks",
    before: "function f() {",
    after: "",
    raw: "\n  return 1;\n}\n\nfunction g() {\n  return 2;\n}",
    expected: "\n  return 1;\n}",
  },
  {
    why: "does not add a closer the document already has",
    before: "function f() {",
    after: "\n}",
    raw: "\n  return 1;\n}",
    expected: "\n  return 1;",
  },
  {
    why: "empty line in a body: stops at the dedent",
    before: "def f(x):\n    y = x * 2\n    ",
    after: "\n\ndef g():\n    pass",
    raw: "return y\n\ndef h():\n    pass",
    expected: "return y\n",
    languageId: "python",
    indentation: { useTabs: false, size: 4 },
  },
  { why: "single-line mode is left to the single-line filter", before: "x = ", after: "", raw: "1\ny = 2", expected: "1\ny = 2" },
]);

runGolden("cutRepeatOfFollowingLines", filterRunner(cutRepeatOfFollowingLines), [
  { why: "drops a suggestion that is the next line again", before: "function f() {\n  ", after: "\n  return total;\n}", raw: "return total;", expected: "" },
  { why: "cuts where the suggestion starts repeating the next lines", before: "  const a = 1;\n  ", after: "\n  return a + b;\n}", raw: "const b = 2;\n  return a + b;\n}", expected: "const b = 2;" },
  { why: "keeps new lines that do not repeat", before: "  ", after: "\n  return x;", raw: "const x = load();", expected: "const x = load();" },
]);

runGolden("trimLineSuffixDuplicate", filterRunner(trimLineSuffixDuplicate), [
  { why: "drops a suggestion equal to the rest of the line", before: "foo(", after: ");", raw: ");", expected: "" },
  { why: "strips an ending that copies the rest of the line", before: "const s = compute(", after: ");", raw: "a, b);", expected: "a, b" },
  { why: "does not add a closing bracket that is already there", before: "call(", after: ")", raw: "value)", expected: "value" },
  { why: "does not add a closing quote that is already there", before: 'const s = "', after: '";', raw: 'hello"', expected: "hello" },
  { why: "keeps a closer that closes its own opener", before: "outer(", after: ")", raw: "inner(x)", expected: "inner(x)" },
  { why: "nothing after the cursor: unchanged", before: "let a = ", after: "", raw: "b)", expected: "b)" },
]);

runGolden("normalizeIndentation", filterRunner(normalizeIndentation), [
  {
    why: "2-space model output in a 4-space file",
    before: "def f():",
    after: "",
    raw: "\n  if x:\n    return 1",
    expected: "\n    if x:\n        return 1",
    languageId: "python",
    indentation: { useTabs: false, size: 4 },
  },
  { why: "spaces to tabs in a tab-indented file", before: "func f() {", after: "", raw: "\n    x := 1\n    return x", expected: "\n\tx := 1\n\treturn x", languageId: "go", indentation: { useTabs: true, size: 4 } },
  { why: "a single line is left alone", before: "x = ", after: "", raw: "  1", expected: "  1" },
]);

runGolden("trimWhitespace", filterRunner(trimWhitespace), [
  { why: "removes trailing spaces and blank lines", before: "", after: "", raw: "a();  \nb();\n\n", expected: "a();\nb();" },
  { why: "whitespace only is nothing", before: "", after: "", raw: "  \n \n", expected: "" },
]);
