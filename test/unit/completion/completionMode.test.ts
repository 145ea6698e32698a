import assert from "node:assert/strict";
import { chooseMode } from "../../../src/completion/context/completionMode";

describe("single or multi-line", () => {
  const cases: [linePrefix: string, lineSuffix: string, language: string, expected: "singleLine" | "multiLine", why: string][] = [
    ["  const x = foo(", ")", "typescript", "singleLine", "text after the cursor on the line"],
    ["function add(a, b) {", "", "typescript", "multiLine", "end of a line that opens a block"],
    ["def area(r):", "", "python", "multiLine", "Python block opener"],
    ["    ", "", "python", "multiLine", "empty line in a body"],
    ["", "", "go", "multiLine", "empty line"],
    ["  // compute the ", "", "typescript", "singleLine", "inside a line comment"],
    ["    # TODO: handle ", "", "python", "singleLine", "inside a Python comment"],
    [" * Returns the ", "", "java", "singleLine", "block comment continuation"],
    ["  return a + b; // sum of ", "", "typescript", "singleLine", "trailing comment"],
    ["  const url = \"http://example\"", "", "typescript", "singleLine", "// inside a string is not a comment"],
    ["#include <stdio.h>", "", "c", "singleLine", "# is not a comment in C"],
    ["  const total = items.length", "", "typescript", "singleLine", "end of an ordinary line"],
    ["  items.forEach((item) =>", "", "typescript", "multiLine", "arrow function body"],
    ["# Heading", "", "markdown", "singleLine", "Markdown heading is not a comment, ordinary line"],
  ];
  for (const [linePrefix, lineSuffix, language, expected, why] of cases) {
    it(why, () => assert.equal(chooseMode(linePrefix, lineSuffix, language), expected));
  }
});
