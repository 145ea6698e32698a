import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSession, SESSION_SEGMENTS } from "../../../src/cli/bench/editingSession";

const DIR = join(__dirname, "../../../src/cli/bench/session-files");

describe("benchmark editing session", () => {
  const session = buildSession(DIR);

  it("types every removed line back: each file ends as it was", () => {
    const last = new Map<string, string>();
    for (const k of session) last.set(k.file, k.text);
    for (const file of new Set(SESSION_SEGMENTS.map((s) => s.file))) {
      assert.equal(last.get(file), readFileSync(join(DIR, file), "utf8"), file);
    }
  });

  it("puts the cursor at the end of what was just typed", () => {
    for (const k of session) {
      const line = k.text.split("\n")[k.line]!;
      assert.equal(k.character, line.length, `${k.file}:${k.line}`);
    }
  });

  it("types at human speed, with pauses, in time order, the same for the same seed", () => {
    const gaps = session.slice(1).map((k, i) => k.atMs - session[i]!.atMs);
    assert.ok(gaps.every((g) => g >= 0));
    assert.ok(gaps.filter((g) => g > 500).length >= 20, "pauses at line ends");
    assert.deepEqual(buildSession(DIR).map((k) => k.atMs), session.map((k) => k.atMs));
    assert.ok(session.length > 500);
  });
});
