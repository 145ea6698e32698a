import { postprocess } from "../../../../src/completion/postprocess";
import { runGolden } from "./golden";

// End to end through every filter, from situations the anchors' issue trackers describe.
runGolden("postprocess (all filters)", (raw, context) => postprocess(raw, context).text, [
  { why: "TypeScript: leaked token after a good line", before: "const total = ", after: "", raw: "items.length;<|fim_pad|>", expected: "items.length;" },
  { why: "duplicated closing paren and semicolon (continue#10751)", before: "console.log(", after: ");", raw: "message);", expected: "message" },
  { why: "repeats the next lines (continue#4721)", before: "  const a = 1;\n  ", after: "\n  return a;\n}", raw: "return a;\n}", expected: "" },
  {
    why: "Python block body in 4 spaces from a 2-space model",
    before: "def area(r):",
    after: "",
    raw: "\n  return 3.14 * r * r\n\nprint(area(2))",
    expected: "\n    return 3.14 * r * r",
    languageId: "python",
    indentation: { useTabs: false, size: 4 },
  },
  { why: "Go with tabs", before: "func add(a, b int) int {", after: "\n}", raw: "\n    return a + b\n}", expected: "\n\treturn a + b", languageId: "go", indentation: { useTabs: true, size: 4 } },
  { why: "JSON value mid-line", before: '{ "name": "', after: '" }', raw: 'local-slm" }', expected: "local-slm", languageId: "json" },
  { why: "Markdown keeps a fence", before: "Run:\n", after: "", raw: "```sh\nnpm test\n```", expected: "```sh\nnpm test\n```", languageId: "markdown" },
  { why: "chat prose in a fence from an instruct model", before: "function f() {\n  ", after: "\n}", raw: "```js\nreturn 42;\n```\nThis returns 42.", expected: "return 42;" },
  { why: "blank suggestion is dropped", before: "x = ", after: "", raw: "   ", expected: "" },
]);
