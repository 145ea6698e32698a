import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gguf, writeGguf } from "../../../src/synthetic/ggufWriter";
import { GgmlType, encodeF32 } from "../../../src/synthetic/quant";

// node-llama-cpp is ESM-only with top-level await: a real import(), not one rewritten to require().
const importEsm = new Function("s", "return import(s)") as (s: string) => Promise<typeof import("node-llama-cpp")>;

describe("synthetic: GGUF writer", function () {
  this.timeout(30_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "gguf-writer-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("writes every value type so node-llama-cpp's parser reads them back", async () => {
    const path = join(dir, "values.gguf");
    const { bytes } = await writeGguf(path, {
      metadata: [
        ["general.architecture", gguf.string("llama")],
        ["t.u8", gguf.u8(200)],
        ["t.i8", gguf.i8(-5)],
        ["t.u16", gguf.u16(65000)],
        ["t.i16", gguf.i16(-300)],
        ["t.u32", gguf.u32(4_000_000_000)],
        ["t.i32", gguf.i32(-7)],
        ["t.u64", gguf.u64(2n ** 40n)],
        ["t.f32", gguf.f32(0.5)],
        ["t.bool", gguf.bool(true)],
        ["t.text", gguf.string("héllo ▁ world")],
        ["t.strings", gguf.strings(["a", "▁b", ""])],
        ["t.f32s", gguf.f32s([1.5, -2])],
        ["t.i32s", gguf.i32s([1, -1, 3])],
      ],
      tensors: [
        { name: "a", dims: [3], type: GgmlType.F32, data: () => [encodeF32([1, 2, 3])] },
        { name: "b", dims: [32, 2], type: GgmlType.Q8_0 }, // zeros
      ],
    });
    assert.equal(statSync(path).size, bytes);
    const { readGgufFileInfo } = await importEsm("node-llama-cpp");
    const info = await readGgufFileInfo(path, { logWarnings: false });
    const t = (info.metadata as unknown as { t: Record<string, unknown> }).t;
    assert.equal(t.u8, 200);
    assert.equal(t.i8, -5);
    assert.equal(t.u16, 65000);
    assert.equal(t.i16, -300);
    assert.equal(t.u32, 4_000_000_000);
    assert.equal(t.i32, -7);
    assert.equal(BigInt(t.u64 as number | bigint), 2n ** 40n);
    assert.equal(t.f32, 0.5);
    assert.equal(t.bool, true);
    assert.equal(t.text, "héllo ▁ world");
    assert.deepEqual(t.strings, ["a", "▁b", ""]);
    assert.deepEqual(Array.from(t.f32s as number[]), [1.5, -2]);
    assert.deepEqual(Array.from(t.i32s as number[]), [1, -1, 3]);

    const tensors = info.fullTensorInfo!;
    assert.deepEqual(tensors.map((x) => x.name), ["a", "b"]);
    assert.equal(Number(tensors[1]!.offset), 32); // 12 bytes of "a", padded to the 32-byte alignment
    const dataStart = Number(tensors[0]!.fileOffset);
    assert.equal(dataStart % 32, 0);
    assert.deepEqual(Array.from(new Float32Array(Uint8Array.from(readFileSync(path).subarray(dataStart, dataStart + 12)).buffer)), [1, 2, 3]);
    assert.equal(bytes, dataStart + 32 + 68 + 28); // last tensor padded to the alignment too
  });

  it("rejects a data source of the wrong length and leaves no file behind", async () => {
    const path = join(dir, "bad.gguf");
    await assert.rejects(
      writeGguf(path, { metadata: [], tensors: [{ name: "a", dims: [4], type: GgmlType.F32, data: () => [new Uint8Array(8)] }] }),
      /expected 16/,
    );
    assert.throws(() => statSync(path));
  });

  it("writes a sparse file: real header, data left as a hole", async () => {
    const path = join(dir, "sparse.gguf");
    const { bytes, sha256 } = await writeGguf(
      path,
      { metadata: [["general.architecture", gguf.string("llama")]], tensors: [{ name: "w", dims: [4096, 262144], type: GgmlType.F16 }] },
      { sparse: true, hash: true },
    );
    const st = statSync(path);
    assert.equal(st.size, bytes);
    assert.ok(bytes > 2 * 2 ** 30);
    assert.ok(st.blocks * 512 < 1024 * 1024, `sparse file uses ${st.blocks * 512} bytes on disk`);
    assert.equal(sha256, undefined);
  });
});
