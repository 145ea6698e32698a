import assert from "node:assert/strict";
import { AdaptiveDebounce, waitUnlessAborted } from "../../../src/completion/scheduling/adaptiveDebounce";
import { SuggestionCache } from "../../../src/completion/scheduling/suggestionCache";

describe("adaptive debounce", () => {
  it("waits longer for slow typists and less for fast ones, within bounds", () => {
    const fast = new AdaptiveDebounce(75, 350);
    for (let t = 0; t < 1000; t += 60) fast.recordKeystroke(t);
    const slow = new AdaptiveDebounce(75, 350);
    for (let t = 0; t < 5000; t += 400) slow.recordKeystroke(t);
    assert.equal(fast.delayMs(), 90);
    assert.equal(slow.delayMs(), 350);
  });

  it("ignores pauses when estimating typing speed", () => {
    const d = new AdaptiveDebounce(75, 350);
    d.recordKeystroke(0);
    d.recordKeystroke(100);
    d.recordKeystroke(10_000);
    d.recordKeystroke(10_100);
    assert.equal(d.delayMs(), 150);
  });

  it("stops waiting as soon as the signal aborts", async () => {
    const abort = new AbortController();
    const waiting = waitUnlessAborted(10_000, abort.signal);
    abort.abort();
    assert.equal(await waiting, false);
    assert.equal(await waitUnlessAborted(1, new AbortController().signal), true);
  });
});

describe("suggestion cache", () => {
  it("keeps showing the rest of a suggestion while its characters are typed", () => {
    const cache = new SuggestionCache();
    cache.set("doc", "const total = ", ";\n}", "items.length", 3);
    assert.deepEqual(cache.get("doc", "const total = ", ";\n}"), { text: "items.length", id: 3 });
    assert.deepEqual(cache.get("doc", "const total = ite", ";\n}"), { text: "ms.length", id: 3 }, "the same suggestion, typed along");
    assert.equal(cache.get("doc", "const total = itx", ";\n}"), undefined, "a different character: no stale suggestion");
    assert.equal(cache.get("other", "const total = ite", ";\n}"), undefined, "another document");
    assert.equal(cache.get("doc", "const total = items.length", ";\n}"), undefined, "fully typed: nothing left to show");
  });

  it("drops other documents' suggestions when one document is edited, and keeps its own", () => {
    const cache = new SuggestionCache();
    cache.set("a", "x = ", "", "1", 1);
    cache.set("b", "y = ", "", "22", 2);
    cache.keepOnly("a");
    assert.deepEqual(cache.get("a", "x = ", ""), { text: "1", id: 1 });
    assert.equal(cache.get("b", "y = ", ""), undefined);
    assert.equal(cache.get("b", "y = 2", ""), undefined);
    assert.equal(cache.size, 1);
  });

  it("entries expire after their time to live", async () => {
    const cache = new SuggestionCache(100, 30);
    cache.set("a", "x = ", "", "1", 1);
    assert.ok(cache.get("a", "x = ", ""));
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(cache.get("a", "x = ", ""), undefined);
  });
});
