import { normalizeCharacters } from "../../../../src/completion/postprocess/normalizeCharacters";
import { runGolden } from "./golden";

runGolden("normalizeCharacters", normalizeCharacters, [
  { why: "a lone carriage return is a line break (single-line mode then cuts there)", before: "f(", after: ")", raw: "a\rb", expected: "a\nb" },
  { why: "Windows line endings become \\n", before: "", after: "", raw: "a();\r\nb();", expected: "a();\nb();" },
  { why: "control characters and U+FFFD are removed", before: "x = ", after: "", raw: "1\u0007\ufffd2", expected: "12" },
  { why: "tabs are kept", before: "", after: "", raw: "\tx", expected: "\tx" },
  { why: "a Unicode line separator is a line break", before: "x = ", after: "", raw: "1\u2028y = 2", expected: "1\ny = 2" },
  { why: "an escape sequence's ESC goes", before: "print(", after: ")", raw: "'\u001b[31mred'", expected: "'[31mred'", languageId: "python" },
  { why: "unchanged: ordinary Unicode text", before: "// ", after: "", raw: "café ✓ 日本語", expected: "café ✓ 日本語" },
]);
