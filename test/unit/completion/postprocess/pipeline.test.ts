import assert from "node:assert/strict";
import { POSTPROCESS_STEPS, postprocess } from "../../../../src/completion/postprocess";
import { join } from "node:path";
import { contextFor, type Golden, loadGoldenFiles, runGolden } from "./golden";

const python4 = { languageId: "python", indentation: { useTabs: false, size: 4 } };
const tabs = { indentation: { useTabs: true, size: 4 } };

// End to end through every filter, from situations the anchors' issue trackers describe.
const cases: (Golden & { reason?: string })[] = [
  { why: "TypeScript: a leaked token after a good line", before: "const total = ", after: "", raw: "items.length;<|fim_pad|>", expected: "items.length;" },
  { why: "TypeScript: duplicated closing paren and semicolon (continue#10751)", before: "console.log(", after: ");", raw: "message);", expected: "message" },
  { why: "TypeScript: the model's own parens stay, the line's `);` does not", before: "const n = Math.max(", after: ");", raw: "a.length, b.length);", expected: "a.length, b.length" },
  {
    why: "TypeScript: repeats the next lines (continue#4721)",
    before: "function f() {\n  const a = 1;\n  ",
    after: "\n  return a;\n}",
    raw: "return a;\n}",
    expected: "",
    reason: "repeats the following lines",
  },
  {
    why: "TypeScript: a new function at the end of the file, 4-space output in a 2-space file, stops at its closer",
    before: "export function add(a: number, b: number) {",
    after: "",
    raw: "\n    return a + b;\n}\n\nexport function sub(a: number, b: number) {\n    return a - b;\n}\n",
    expected: "\n  return a + b;\n}",
  },
  { why: "TypeScript: a chat answer in a fence is unwrapped, its prose dropped", before: "function f() {\n  ", after: "\n}", raw: "```js\nreturn 42;\n```\nThis returns 42.", expected: "return 42;" },
  {
    why: "TypeScript: prose before the code is a chat answer",
    before: "function f() {\n  ",
    after: "\n}",
    raw: "Sure! Here is the code:\n```ts\nreturn 42;\n```",
    expected: "",
    reason: "a chat-style answer, not code",
  },
  { why: "Python: block body in 4 spaces from a 2-space model, stops at the dedent", before: "def area(r):", after: "", raw: "\n  return 3.14 * r * r\n\nprint(area(2))", expected: "\n    return 3.14 * r * r", ...python4 },
  { why: "Python: a looping model is cut after the first line", before: "def greet():\n    ", after: "", raw: "print('hi')\n    print('hi')\n    print('hi')\n    print('hi')\n", expected: "print('hi')", ...python4 },
  { why: "Python: a line ending with ':' is left alone", before: "for item in items", after: "", raw: ":", expected: ":", ...python4 },
  { why: "Go (tab-indented): spaces become tabs and the existing `}` is not repeated", before: "func add(a, b int) int {", after: "\n}", raw: "\n    return a + b\n}", expected: "\n\treturn a + b", languageId: "go", ...tabs },
  {
    why: "C: stops at end of text and at the closer the document has",
    before: "int main(void) {\n    ",
    after: "\n}",
    raw: 'printf("hi\\n");\n    return 0;\n}\n<|endoftext|>',
    expected: 'printf("hi\\n");\n    return 0;',
    languageId: "c",
    indentation: { useTabs: false, size: 4 },
  },
  { why: "JavaScript (tab-indented): a new if block closed by the model, the function's `}` below", before: "function f(x) {\n\tif (x) {", after: "\n\tlog(x);\n}", raw: "\n\t\tinit(x);\n\t}\n\tlog(x);\n}", expected: "\n\t\tinit(x);\n\t}", languageId: "javascript", ...tabs },
  { why: "JSON: a value mid-line without the closing quote and brace", before: '{ "name": "', after: '" }', raw: 'local-slm" }', expected: "local-slm", languageId: "json" },
  { why: "JSON: a nested object's body, the document has its `}`", before: '{\n  "scripts": {', after: "\n  }\n}", raw: '\n    "test": "mocha",\n    "build": "tsc"\n  },\n  "private": true\n}', expected: '\n    "test": "mocha",\n    "build": "tsc"', languageId: "json" },
  { why: "Markdown: a fenced block is the right suggestion", before: "Run:\n", after: "", raw: "```sh\nnpm test\n```", expected: "```sh\nnpm test\n```", languageId: "markdown" },
  { why: "blank output shows nothing", before: "x = ", after: "", raw: "   \n ", expected: "", reason: "only whitespace" },
  { why: "the rest of the line again shows nothing", before: "foo(", after: ");", raw: ");", expected: "", reason: "repeats the rest of the line" },
  { why: "only a control token", before: "x = ", after: "", raw: "<|endoftext|>", expected: "", reason: "only control tokens (a prompt template leaked)" },
];

runGolden("postprocess (all filters)", (raw, context) => postprocess(raw, context).text, cases);
runGolden("postprocess (all filters): multi-line fixtures in fixtures/*.txt", (raw, context) => postprocess(raw, context).text, loadGoldenFiles(join(__dirname, "fixtures")));

describe("postprocess reasons", () => {
  for (const c of cases.filter((c) => c.reason)) {
    it(`${c.why}: "${c.reason}"`, () => assert.deepEqual(postprocess(c.raw, contextFor(c)), { text: "", reason: c.reason }));
  }
  it("no reason when a suggestion is shown", () => assert.deepEqual(postprocess("1;", contextFor({ before: "x = ", after: "" })), { text: "1;" }));
  it("an empty output says the model suggested nothing", () => assert.equal(postprocess("", contextFor({ before: "", after: "" })).reason, "the model suggested nothing"));
  it("runs cleaning first and whitespace last", () => {
    const names = POSTPROCESS_STEPS.map((s) => s.name);
    assert.deepEqual(names.slice(0, 3), ["normalizeCharacters", "removeSpecialTokens", "removeCodeFences"]);
    assert.deepEqual(names.slice(-2), ["trimTrailingWhitespace", "dropBlank"]);
    assert.ok(names.indexOf("normalizeIndentation") < names.indexOf("limitScopeByIndentation"), "scope compares widths in the document's style");
  });
});
