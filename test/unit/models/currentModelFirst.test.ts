import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CURRENT_SOURCE, currentModelFirst } from "../../../src/models/currentModelFirst";
import type { FoundModel } from "../../../src/models/discoverModels";

describe("currentModelFirst (the model in use heads every list of models)", () => {
  let dir: string;
  let a: FoundModel;
  let b: FoundModel;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "local-slm-current-"));
    for (const name of ["a.gguf", "b.gguf", "elsewhere.gguf"]) writeFileSync(join(dir, name), "GGUF");
    a = { path: join(dir, "a.gguf"), realPath: join(dir, "a.gguf"), sizeBytes: 4, source: "folder" };
    b = { path: join(dir, "b.gguf"), realPath: join(dir, "b.gguf"), sizeBytes: 4, source: "folder" };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("moves a found current model to the front", async () => {
    const result = await currentModelFirst([a, b], b.path);
    assert.deepEqual(result.models, [b, a]);
    assert.equal(result.current, b);
  });

  it("adds the current model when it is in no folder searched", async () => {
    const path = join(dir, "elsewhere.gguf");
    const result = await currentModelFirst([a], path);
    assert.equal(result.models.length, 2);
    assert.deepEqual(result.models[0], { path, realPath: path, sizeBytes: 4, source: CURRENT_SOURCE });
    assert.equal(result.current, result.models[0]);
  });

  it("recognizes the current model through a symlink (by its real path), listed once", async () => {
    const link = join(dir, "link.gguf");
    symlinkSync(a.path, link);
    const result = await currentModelFirst([b, a], link);
    assert.deepEqual(result.models, [a, b]);
  });

  it("leaves the list alone when no model is set or the file does not exist", async () => {
    assert.deepEqual((await currentModelFirst([a, b], undefined)).models, [a, b]);
    const missing = await currentModelFirst([a, b], join(dir, "missing.gguf"));
    assert.deepEqual(missing.models, [a, b]);
    assert.equal(missing.current, undefined);
  });
});
