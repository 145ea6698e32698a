import assert from "node:assert/strict";
import { firstCompleteLine } from "../../../src/completion/generation/firstLine";

describe("firstCompleteLine", () => {
  const cases: [string, string | undefined][] = [
    ["", undefined],
    ["return x", undefined],
    ["return x;\n", "return x;"],
    ["return x;\n  foo", "return x;"],
    ["\n    return x;", undefined],
    ["\n    return x;\n", "\n    return x;"],
    ["\n   \n\tif (a) {\n\t\tb();\n", "\n   \n\tif (a) {"],
    ["\n\n", undefined],
  ];
  for (const [streamed, expected] of cases) {
    it(`${JSON.stringify(streamed)} -> ${JSON.stringify(expected)}`, () => {
      assert.equal(firstCompleteLine(streamed), expected);
    });
  }
});
