import assert from "node:assert/strict";
import { ScopeWatcher } from "../../../src/completion/generation/scopeWatcher";
import { contextFor } from "./postprocess/golden";

describe("scope watcher (stops multi-line generation early)", () => {
  it("stops when a complete line leaves the block", () => {
    const watcher = new ScopeWatcher(contextFor({ before: "function f() {", after: "" }));
    assert.equal(watcher.push("\n  const a = 1;\n"), false);
    assert.equal(watcher.push("  return a;\n}"), false, "the closing line is not complete yet");
    assert.equal(watcher.push("\n"), true);
  });

  it("accepts a body indented by 2 in a 4-space file", () => {
    const watcher = new ScopeWatcher(contextFor({ before: "def f():", after: "", languageId: "python", indentation: { useTabs: false, size: 4 } }));
    assert.equal(watcher.push("\n  return 1\n"), false);
  });

  it("stops past the line limit", () => {
    const watcher = new ScopeWatcher({ ...contextFor({ before: "  ", after: "" }), maxLines: 2 });
    assert.equal(watcher.push("  a();\n  b();\n"), false);
    assert.equal(watcher.push("  c();\n"), true);
  });
});
