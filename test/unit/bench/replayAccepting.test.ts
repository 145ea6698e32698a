import assert from "node:assert/strict";
import type { Keystroke } from "../../../src/cli/bench/editingSession";
import type { ModelRequest, PeerAnswer, PeerStrategy } from "../../../src/cli/bench/peers/peerStrategy";
import { accept, acceptingFigures, replayAccepting } from "../../../src/cli/bench/peers/replayAccepting";

const key = (atMs: number, text: string, line: number, character: number): Keystroke => ({ atMs, file: "a.ts", languageId: "typescript", text, line, character });

/** Answers every keystroke at once: "1;" after "= ", nothing elsewhere; the spot after a Tab from its cache. */
function instantStrategy(): PeerStrategy & { seen: Keystroke[] } {
  const seen: Keystroke[] = [];
  return {
    name: "instant",
    pid: process.pid,
    seen,
    requests: [] as ModelRequest[],
    keystroke(k: Keystroke): Promise<PeerAnswer> {
      seen.push(k);
      const line = k.text.split("\n")[k.line]!;
      if (line.endsWith("= ")) return Promise.resolve({ text: "1;", source: "model" });
      if (line.endsWith("1;")) return Promise.resolve({ text: " // one", source: "cache" });
      return Promise.resolve({ text: "", source: "none" });
    },
    idle: async () => undefined,
    dispose: async () => undefined,
  };
}

describe("the replay that accepts suggestions", () => {
  it("inserts a suggestion at the keystroke's cursor, the cursor after it, over several lines", () => {
    const k = key(0, "a\nb = \nc", 1, 4);
    assert.deepEqual(accept(k, "1;"), { ...k, text: "a\nb = 1;\nc", line: 1, character: 6 });
    assert.deepEqual(accept(k, "[\n  1,\n]"), { ...k, text: "a\nb = [\n  1,\n]\nc", line: 3, character: 1 });
  });

  it("at a pause, accepts the shown suggestion with Tab and measures the next one; not while typing on", async () => {
    const strategy = instantStrategy();
    // "x = " then a pause (accepted), "x = 2" typed on without a pause after "x = 2".
    const session = [key(0, "x", 0, 1), key(20, "x = ", 0, 4), key(700, "x = 2", 0, 5), key(720, "x = 2;", 0, 6)];
    const run = await replayAccepting(session, strategy);
    const tabs = strategy.seen.filter((k) => k.text === "x = 1;");
    assert.equal(tabs.length, 1, "one Tab, after the pause that followed a shown suggestion");
    assert.equal(tabs[0]!.character, 6);
    assert.equal(run.acceptances.length, 1);
    assert.equal(run.acceptances[0]!.source, "cache");
    const figures = acceptingFigures(run);
    assert.equal(figures.accepted, 1);
    assert.equal(figures.nextShown, 1);
    assert.equal(figures.nextFromCache, 1);
    assert.ok(strategy.seen.indexOf(tabs[0]!) < strategy.seen.findIndex((k) => k.text === "x = 2"), "the script goes on after the Tab");
  });
});
