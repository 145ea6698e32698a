import { removeCodeFences } from "../../../../src/completion/postprocess/removeCodeFences";
import { runGolden } from "./golden";

runGolden("removeCodeFences", removeCodeFences, [
  { why: "unwraps a fenced answer on an empty body line (the line already has its indentation)", before: "function f() {\n  ", after: "\n}", raw: "```ts\n  return 1;\n```", expected: "return 1;" },
  {
    why: "after a block opener the unwrapped body starts on the next line",
    before: "def area(r):",
    after: "",
    raw: "```python\n    return 3.14 * r * r\n```",
    expected: "\n    return 3.14 * r * r",
    languageId: "python",
    indentation: { useTabs: false, size: 4 },
  },
  { why: "prose after the closing fence goes with it", before: "function f() {\n  ", after: "\n}", raw: "```js\nreturn 42;\n```\nThis returns 42.", expected: "return 42;" },
  { why: "a fence cut off by the token limit is still unwrapped", before: "  ", after: "", raw: "```ts\nreturn 1;", expected: "return 1;" },
  { why: "a bare fence after code closes it: the suggestion ends there", before: "const a = ", after: "", raw: "1;\n```\nThis sets a to 1.", expected: "1;" },
  { why: "prose then a fenced block is a chat answer: dropped", before: "  ", after: "", raw: "Here is the implementation:\n```ts\nreturn a + b;\n```", expected: "" },
  { why: "a fence alone is nothing", before: "  ", after: "", raw: "```", expected: "" },
  { why: "tilde fences too", before: "x = ", after: "", raw: "~~~python\n42\n~~~", expected: "42", languageId: "python" },
  { why: "Markdown: a fenced block is a right suggestion", before: "Install:\n\n", after: "", raw: "```sh\nnpm install\n```", expected: "```sh\nnpm install\n```", languageId: "markdown" },
  { why: "Markdown: closing the block the cursor is in", before: "```ts\nconst a = 1;\n", after: "", raw: "```", expected: "```", languageId: "markdown" },
  { why: "unchanged: template literal backticks", before: "let a = ", after: "", raw: "`template`;", expected: "`template`;" },
  { why: "unchanged: a fence inside a string is not a fence line", before: "const fence = ", after: "", raw: '"```";', expected: '"```";' },
  { why: "unchanged: Rust doc-comment examples", before: "/// Example:\n", after: "", raw: "/// ```\n/// let x = 1;\n/// ```", expected: "/// ```\n/// let x = 1;\n/// ```", languageId: "rust" },
]);
