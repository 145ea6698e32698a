import { dropBlank } from "../../../../src/completion/postprocess/dropBlank";
import { runGolden } from "./golden";

runGolden("dropBlank", dropBlank, [
  { why: "empty stays empty", before: "x = ", after: "", raw: "", expected: "" },
  { why: "spaces only", before: "x = ", after: "", raw: "   ", expected: "" },
  { why: "a tab only", before: "\t", after: "", raw: "\t", expected: "", languageId: "go" },
  { why: "newlines and indentation only (a blank ghost line)", before: "function f() {", after: "", raw: "\n\n  \n", expected: "" },
  { why: "unchanged: a digit", before: "x = ", after: "", raw: "0", expected: "0" },
  { why: "unchanged: a closer", before: "  ", after: "", raw: "}", expected: "}" },
  { why: "unchanged: a body after a block opener", before: "function f() {", after: "", raw: "\n  return;", expected: "\n  return;" },
  { why: "unchanged: a space before real text", before: "x =", after: "", raw: " 1", expected: " 1" },
]);
