// Reads a zip file's (a VSIX's) central directory with no unzip tool: names, sizes, and the bytes of
// one entry on request. Enough for checking what a VSIX holds; no zip64, no encryption (vsce writes
// neither for files this size).
import { readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";

export interface ZipEntry {
  name: string;
  compressedSize: number;
  size: number;
  method: number;
  localHeaderOffset: number;
}

export class ZipFile {
  readonly entries: ZipEntry[];
  private readonly data: Buffer;

  constructor(path: string) {
    this.data = readFileSync(path);
    this.entries = readCentralDirectory(this.data);
  }

  names(): string[] {
    return this.entries.map((e) => e.name);
  }

  /** The entry's uncompressed bytes (stored or deflated). */
  read(name: string): Buffer {
    const entry = this.entries.find((e) => e.name === name);
    if (!entry) throw new Error(`no ${name} in the zip`);
    const d = this.data;
    const at = entry.localHeaderOffset;
    if (d.readUInt32LE(at) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = at + 30 + d.readUInt16LE(at + 26) + d.readUInt16LE(at + 28);
    const raw = d.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) return raw;
    if (entry.method === 8) return inflateRawSync(raw);
    throw new Error(`${name}: compression method ${entry.method} is not supported`);
  }
}

function readCentralDirectory(d: Buffer): ZipEntry[] {
  // The end-of-central-directory record is in the last 22 + 65,535 bytes (after it, a comment).
  let eocd = -1;
  for (let i = d.length - 22; i >= Math.max(0, d.length - 22 - 0xffff); i--) {
    if (d.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip file: no end-of-central-directory record");
  const count = d.readUInt16LE(eocd + 10);
  let at = d.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (d.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const nameLength = d.readUInt16LE(at + 28);
    entries.push({
      method: d.readUInt16LE(at + 10),
      compressedSize: d.readUInt32LE(at + 20),
      size: d.readUInt32LE(at + 24),
      localHeaderOffset: d.readUInt32LE(at + 42),
      name: d.toString("utf8", at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + d.readUInt16LE(at + 30) + d.readUInt16LE(at + 32);
  }
  return entries;
}
