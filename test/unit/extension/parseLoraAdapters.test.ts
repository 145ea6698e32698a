import assert from "node:assert/strict";
import { parseLoraAdapters } from "../../../src/extension/parseLoraAdapters";

const home = (path: string) => (path.startsWith("~/") ? `/home/u${path.slice(1)}` : path);

function parse(value: unknown) {
  const problems: string[] = [];
  return { adapters: parseLoraAdapters(value, home, (p) => problems.push(p)), problems };
}

describe("the localSlm.loraAdapters setting", () => {
  it("reads paths and { path, scale } objects, in order, with ~ expanded", () => {
    const { adapters, problems } = parse(["~/a.gguf", { path: "/b.gguf", scale: 0.5 }, { path: " /c.gguf ", scale: 0 }]);
    assert.deepEqual(adapters, [
      { path: "/home/u/a.gguf", scale: 1 },
      { path: "/b.gguf", scale: 0.5 },
      { path: "/c.gguf", scale: 0 },
    ]);
    assert.deepEqual(problems, []);
  });

  it("empty or absent: no adapters, no complaint", () => {
    assert.deepEqual(parse([]), { adapters: [], problems: [] });
    assert.deepEqual(parse(undefined), { adapters: [], problems: [] });
  });

  it("leaves out what it cannot understand and says which entry and why", () => {
    const { adapters, problems } = parse([{ scale: 1 }, "", { path: "/x.gguf", scale: "strong" }, { path: "/y.gguf", scale: 1e9 }, { path: "/z.gguf", scale: Number.NaN }, 42, { path: "/ok.gguf" }]);
    assert.deepEqual(adapters, [{ path: "/ok.gguf", scale: 1 }]);
    assert.equal(problems.length, 6);
    assert.match(problems[0]!, /loraAdapters\[0\] needs a "path"/);
    assert.match(problems[2]!, /loraAdapters\[2\]\.scale must be a number from -10 to 10/);
    assert.match(problems[5]!, /loraAdapters\[5\]/);
  });

  it("a value that is not a list is reported and ignored", () => {
    const { adapters, problems } = parse("~/a.gguf");
    assert.deepEqual(adapters, []);
    assert.match(problems[0]!, /must be a list/);
  });
});
