import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { binaryPlatform } from "../../../scripts/binaryPlatform.cjs";
import { ZipFile } from "./zipEntries";

/** A minimal zip writer (stored and deflated entries), written here so the reader is tested against the format, not itself. */
function writeZip(path: string, files: { name: string; data: Buffer; deflate: boolean }[]): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const body = f.deflate ? deflateRawSync(f.data) : f.data;
    const name = Buffer.from(f.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(f.deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(f.deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, cd, end]));
}

describe("zip listing for VSIX checks", () => {
  it("lists names and reads stored and deflated entries", () => {
    const dir = mkdtempSync(join(tmpdir(), "zip-test-"));
    try {
      const path = join(dir, "t.zip");
      const text = Buffer.from("hello ".repeat(100));
      writeZip(path, [
        { name: "extension.vsixmanifest", data: Buffer.from("<x TargetPlatform=\"linux-x64\"/>"), deflate: false },
        { name: "extension/dist/é.js", data: text, deflate: true },
      ]);
      const zip = new ZipFile(path);
      assert.deepEqual(zip.names(), ["extension.vsixmanifest", "extension/dist/é.js"]);
      assert.equal(zip.read("extension/dist/é.js").toString(), text.toString());
      assert.match(zip.read("extension.vsixmanifest").toString(), /linux-x64/);
      assert.throws(() => zip.read("missing"), /no missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a file that is not a zip", () => {
    const dir = mkdtempSync(join(tmpdir(), "zip-test-"));
    try {
      writeFileSync(join(dir, "x.zip"), "not a zip at all, just some text that is long enough");
      assert.throws(() => new ZipFile(join(dir, "x.zip")), /not a zip/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("tells a binary's OS and CPU from its header", () => {
    const self = binaryPlatform(readFileSync(process.execPath).subarray(0, 4096));
    assert.deepEqual(self, { os: process.platform, cpu: process.arch });
    const macho = Buffer.alloc(16);
    macho.writeUInt32LE(0xfeedfacf, 0);
    macho.writeUInt32LE(0x0100000c, 4);
    assert.deepEqual(binaryPlatform(macho), { os: "darwin", cpu: "arm64" });
    const pe = Buffer.alloc(256);
    pe.write("MZ", 0, "latin1");
    pe.writeUInt32LE(0x80, 0x3c);
    pe.writeUInt32BE(0x50450000, 0x80);
    pe.writeUInt16LE(0xaa64, 0x84);
    assert.deepEqual(binaryPlatform(pe), { os: "win32", cpu: "arm64" });
    const elfArm = Buffer.alloc(64);
    elfArm.writeUInt32BE(0x7f454c46, 0);
    elfArm.writeUInt16LE(40, 18);
    assert.deepEqual(binaryPlatform(elfArm), { os: "linux", cpu: "arm" });
    assert.equal(binaryPlatform(Buffer.from("/* GNU ld script */ INPUT(libfoo.so.1)")), undefined);
  });
});
