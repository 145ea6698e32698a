// The peers' client policies as the benchmark replays them: llama.vscode's discard/trim rules and
// Continue's prompt pruning and cache, checked against the behaviour their sources describe.
import assert from "node:assert/strict";
import { cacheLookup, CONTINUE, prunedPrefixSuffix } from "../../../src/cli/bench/peers/continuePolicy";
import { removeTrailingNewLines, shouldDiscard, updateSuggestion } from "../../../src/cli/bench/peers/llamaVscode";
import type { Keystroke } from "../../../src/cli/bench/editingSession";

const keystroke = (text: string, line: number, character: number): Keystroke => ({ atMs: 0, file: "a.ts", languageId: "typescript", text, line, character });

describe("llama.vscode's suggestion rules (src/completion.ts)", () => {
  const doc = ["function f() {", "  const a = 1;", "  return a;", "}"];

  it("discards an empty suggestion and one that repeats the next line", () => {
    assert.equal(shouldDiscard([""], doc, 1, "  ", ""), true);
    assert.equal(shouldDiscard(["return a;"], doc, 1, "  ", ""), true);
    assert.equal(shouldDiscard(["const b = 2;"], doc, 1, "  ", ""), false);
  });

  it("keeps only the first line when text follows the cursor, and cuts a repeated line suffix", () => {
    assert.equal(updateSuggestion(["a, b", "more"], ")"), "a, b");
    assert.equal(updateSuggestion(["a, b)"], ")"), "a, b");
    assert.equal(updateSuggestion(["x;", "y;"], ""), "x;\ny;");
  });

  it("drops trailing empty lines", () => {
    assert.deepEqual(removeTrailingNewLines(["a", "", "  "]), ["a"]);
  });
});

describe("Continue's prompt and cache (core/autocomplete)", () => {
  it("keeps the prefix's last lines within 30% of 1,024 tokens and the suffix within 20%", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `const value${i} = compute(${i});`);
    const { prefix, suffix } = prunedPrefixSuffix(keystroke(lines.join("\n"), 200, 5));
    assert.ok(prefix.length / CONTINUE.charsPerToken <= CONTINUE.maxPromptTokens * CONTINUE.prefixPercentage);
    assert.ok(prefix.endsWith(`${lines[199]}\nconst`), "the prefix ends at the cursor");
    assert.ok(prefix.length > 600, "the prefix keeps as many lines as fit");
    assert.ok(suffix.length / CONTINUE.charsPerToken <= CONTINUE.maxPromptTokens * CONTINUE.maxSuffixPercentage);
    assert.ok(suffix.startsWith(" value200"), "the suffix starts at the cursor");
  });

  it("serves the longest cached prefix whose completion the user is typing along", () => {
    const cache = new Map([
      ["const a", { completion: " = compute(1);", requestId: 1 }],
      ["const", { completion: " b = 2;", requestId: 2 }],
    ]);
    assert.deepEqual(cacheLookup(cache, "const a = c"), { completion: "ompute(1);", requestId: 1 });
    assert.equal(cacheLookup(cache, "const a = x"), undefined, "typed text that departs from the completion is a miss");
    assert.equal(cacheLookup(cache, "let"), undefined);
  });
});
