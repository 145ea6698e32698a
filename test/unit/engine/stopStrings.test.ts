import assert from "node:assert/strict";
import { scanForStop } from "../../../src/engine/stopStrings";

describe("scanForStop", () => {
  const cases: { text: string; stops: string[]; safe: number; stopAt?: number; why: string }[] = [
    { text: "hello world", stops: [], safe: 11, why: "no stops: everything is safe" },
    { text: "a = 1\nb = 2", stops: ["\n"], safe: 5, stopAt: 5, why: "stops at the first newline" },
    { text: "foo</s", stops: ["</stop>"], safe: 3, why: "holds back a possible partial stop" },
    { text: "foo</stop> bar", stops: ["</stop>"], safe: 3, stopAt: 3, why: "finds a complete stop" },
    { text: "x\n\ny", stops: ["\n\n", "y"], safe: 1, stopAt: 1, why: "earliest stop wins" },
    { text: "abc", stops: [""], safe: 3, why: "empty stop strings are ignored" },
    { text: "ends with a", stops: ["ab", "abc"], safe: 10, why: "longest partial among stops" },
  ];
  for (const c of cases) {
    it(c.why, () => {
      const scan = scanForStop(c.text, c.stops);
      assert.equal(scan.safeLength, c.safe);
      assert.equal(scan.stopAt, c.stopAt);
    });
  }

  it("finds a stop that straddles the previously scanned position", () => {
    assert.equal(scanForStop("abc\n\nd", ["\n\n"], 4).stopAt, 3);
  });
});
