// Golden test of the next-edit prompt in Sweep's format (src/nextEdit/sweepFormat.ts cites the
// source) on the real Qwen2.5-Coder vocabulary (Qwen2's tokenizer with Qwen2.5's added tokens, the
// vocabulary Sweep's next-edit models are built on).
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { linesFromText } from "../../../src/completion/context/documentLines";
import { nextEditPrompt } from "../../../src/engine/nextEditPrompt";
import type { Token } from "../../../src/engine/nodeLlamaCpp";
import { EditHistory } from "../../../src/nextEdit/editHistory";
import { promptFor } from "../../../src/nextEdit/nextEditRequest";
import { RecentFiles } from "../../../src/nextEdit/recentFiles";
import { renderSweepPrompt } from "../../../src/nextEdit/sweepPrompt";
import { vocabModel } from "../engine/vocabModels";

const GOLDEN = join(__dirname, "golden", "sweep-prompt.txt");
const FILE_SEP_ID = 151664;

const ORIGINAL = ["class Point:", "    def __init__(self, x, y):", "        self.x = x", "        self.y = y", "", "    def norm(self):", "        return (self.x ** 2 + self.y ** 2) ** 0.5", ""].join("\n");

/** The user added a parameter z and its field; the model should next add z to norm(). */
function scenario() {
  const history = new EditHistory();
  history.track("geometry/point.py", ORIGINAL, 0);
  history.applyChange("geometry/point.py", { startLine: 1, startCharacter: 27, endLine: 1, endCharacter: 27, text: ", z" }, 1000);
  history.applyChange("geometry/point.py", { startLine: 3, startCharacter: 18, endLine: 3, endCharacter: 18, text: "\n        self.z = z" }, 9000);
  const recent = new RecentFiles();
  recent.viewed("geometry/main.py", "from point import Point\n\nprint(Point(3, 4, 12).norm())\n");
  const text = history.current("geometry/point.py")!.join("\n");
  return { history, recent, text };
}

describe("next edit: Sweep prompt on the real Qwen2.5-Coder vocabulary", function () {
  this.timeout(120_000);

  it("renders the golden prompt: viewed file, one diff per edit, original/current windows, updated/ last", async () => {
    const { history, recent, text } = scenario();
    const request = promptFor({ filePath: "geometry/point.py", doc: linesFromText(text, "python"), cursor: { line: 4, character: 26 }, hunks: history.hunks("geometry/point.py"), original: history.original("geometry/point.py"), contextFiles: recent.list("geometry/point.py") })!;
    const rendered = renderSweepPrompt(request.prompt.sections);
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, rendered);
    assert.equal(rendered, readFileSync(GOLDEN, "utf8"));
    assert.equal(request.window.start, 0);
    assert.equal(request.prompt.diffBlocks, 2);
  });

  it("tokens: <|file_sep|> by id before each section, no BOS, the text round-trips, and stops on <|file_sep|> and <|endoftext|>", async () => {
    const model = await vocabModel("qwen2.5-coder");
    const { history, recent, text } = scenario();
    const request = promptFor({ filePath: "geometry/point.py", doc: linesFromText(text, "python"), cursor: { line: 4, character: 26 }, hunks: history.hunks("geometry/point.py"), original: history.original("geometry/point.py"), contextFiles: recent.list("geometry/point.py") })!;
    const { tokens, stopTokens } = nextEditPrompt(model, request.prompt.sections);
    assert.equal(tokens[0], FILE_SEP_ID);
    assert.equal(tokens.filter((t) => t === FILE_SEP_ID).length, request.prompt.sections.length);
    assert.equal(model.detokenize(tokens, true), readFileSync(GOLDEN, "utf8"));
    assert.ok(stopTokens.has(FILE_SEP_ID as Token));
    assert.ok(stopTokens.has(151643 as Token), "<|endoftext|>");
  });

  it("a file that contains the text <|file_sep|> cannot forge a section", async () => {
    const model = await vocabModel("qwen2.5-coder");
    const { tokens } = nextEditPrompt(model, ["a.py\nx = '<|file_sep|>'\n", "updated/a.py"]);
    assert.equal(tokens.filter((t) => t === FILE_SEP_ID).length, 2);
  });

  it("the head stays the same when the user keeps editing: only the tail is new (KV-cache reuse)", async () => {
    const model = await vocabModel("qwen2.5-coder");
    const { history, recent } = scenario();
    const tokensNow = (cursorLine: number) => {
      const doc = linesFromText(history.current("geometry/point.py")!.join("\n"), "python");
      const request = promptFor({ filePath: "geometry/point.py", doc, cursor: { line: cursorLine, character: 0 }, hunks: history.hunks("geometry/point.py"), original: history.original("geometry/point.py"), contextFiles: recent.list("geometry/point.py") })!;
      return nextEditPrompt(model, request.prompt.sections).tokens;
    };
    const before = tokensNow(4);
    history.applyChange("geometry/point.py", { startLine: 7, startCharacter: 42, endLine: 7, endCharacter: 42, text: " + self.z ** 2" }, 20_000);
    const after = tokensNow(7);
    let shared = 0;
    while (shared < before.length && before[shared] === after[shared]) shared++;
    // The viewed file and both earlier diffs (up to the third <|file_sep|>: the new diff) are shared.
    const headEnd = before.indexOf(FILE_SEP_ID as Token, before.indexOf(FILE_SEP_ID as Token, before.indexOf(FILE_SEP_ID as Token, 1) + 1) + 1);
    assert.ok(shared >= headEnd + 1, `${shared} tokens shared, the head has ${headEnd + 1}`);
    assert.ok(model.detokenize(before.slice(0, shared), true).endsWith("self.z = z\n<|file_sep|>"));
  });

  it("a model without <|file_sep|> gets one clear message", async () => {
    const model = await vocabModel("codellama");
    assert.throws(() => nextEditPrompt(model, ["updated/a.py"]), /has no <\|file_sep\|> token.*localSlm\.nextEdit\.modelPath/);
  });
});
