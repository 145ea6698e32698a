// A low-level GGUF v3 writer (layout from ggml's docs/gguf.md and gguf-py):
//   "GGUF" | u32 version 3 | u64 tensor count | u64 key/value count
//   key/values: string key, u32 value type, value (arrays: u32 item type, u64 count, items)
//   tensor infos: string name, u32 n_dims, u64 dims[n_dims] (ggml order), u32 ggml type, u64 offset
//   padding to `alignment`, then the data section; each tensor's data starts at an aligned offset.
// Strings are u64 length + UTF-8 bytes; everything is little-endian.
// The header is built in memory (a few MB even for a 151,936-token vocabulary) but tensor data is
// streamed chunk by chunk, so a 530 MB model never sits in memory. A sparse file leaves the whole
// data section as a hole (all zeros, almost no disk): enough for tests that only read the header.
import { createHash } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { GgmlType, tensorDataSize } from "./quant";

const VALUE_TYPE = {
  u8: 0,
  i8: 1,
  u16: 2,
  i16: 3,
  u32: 4,
  i32: 5,
  f32: 6,
  bool: 7,
  string: 8,
  array: 9,
  u64: 10,
  i64: 11,
  f64: 12,
} as const;

export type GgufScalarType = Exclude<keyof typeof VALUE_TYPE, "array">;
type Scalar = number | bigint | boolean | string;

export type GgufValue =
  | { type: GgufScalarType; value: Scalar }
  | { type: "array"; itemType: GgufScalarType; value: ArrayLike<Scalar> };

/** Shorthands so metadata reads like a table: `["x.block_count", gguf.u32(24)]`. */
export const gguf = {
  u8: (value: number): GgufValue => ({ type: "u8", value }),
  i8: (value: number): GgufValue => ({ type: "i8", value }),
  u16: (value: number): GgufValue => ({ type: "u16", value }),
  i16: (value: number): GgufValue => ({ type: "i16", value }),
  u32: (value: number): GgufValue => ({ type: "u32", value }),
  i32: (value: number): GgufValue => ({ type: "i32", value }),
  u64: (value: number | bigint): GgufValue => ({ type: "u64", value }),
  i64: (value: number | bigint): GgufValue => ({ type: "i64", value }),
  f32: (value: number): GgufValue => ({ type: "f32", value }),
  f64: (value: number): GgufValue => ({ type: "f64", value }),
  bool: (value: boolean): GgufValue => ({ type: "bool", value }),
  string: (value: string): GgufValue => ({ type: "string", value }),
  strings: (value: readonly string[]): GgufValue => ({ type: "array", itemType: "string", value }),
  f32s: (value: ArrayLike<number>): GgufValue => ({ type: "array", itemType: "f32", value }),
  i32s: (value: ArrayLike<number>): GgufValue => ({ type: "array", itemType: "i32", value }),
};

export interface GgufTensor {
  name: string;
  /** ggml order: dims[0] is the contiguous (row) dimension. */
  dims: readonly number[];
  type: GgmlType;
  /**
   * Yields the tensor's bytes in order, exactly tensorDataSize(type, dims) in total. The writer
   * finishes with each chunk before asking for the next, so a generator may reuse one buffer.
   * Not called for a sparse file; omitted means zeros.
   */
  data?: () => Iterable<Uint8Array>;
}

export interface GgufFile {
  metadata: ReadonlyArray<readonly [string, GgufValue]>;
  tensors: readonly GgufTensor[];
  /** Default 32 (GGUF's default; a different value must also be written as general.alignment). */
  alignment?: number;
}

export interface WriteGgufOptions {
  /** Leave the data section as a hole (ftruncate): real header, all-zero weights, ~no disk used. */
  sparse?: boolean;
  /** Compute the SHA-256 of the written bytes (not for sparse files: hashing tens of GiB of zeros). */
  hash?: boolean;
}

/** Growable little-endian byte buffer for the header. */
class ByteBuilder {
  private buf = Buffer.alloc(1 << 16);
  length = 0;

  private reserve(n: number): number {
    if (this.length + n > this.buf.length) {
      const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
    const at = this.length;
    this.length += n;
    return at;
  }
  // Reserve first, then write: `this.buf.x(v, this.reserve(n))` would evaluate `this.buf` before
  // reserve() swaps in a bigger buffer and so write into the old one.
  u8(v: number) { const at = this.reserve(1); this.buf.writeUInt8(v, at); }
  i8(v: number) { const at = this.reserve(1); this.buf.writeInt8(v, at); }
  u16(v: number) { const at = this.reserve(2); this.buf.writeUInt16LE(v, at); }
  i16(v: number) { const at = this.reserve(2); this.buf.writeInt16LE(v, at); }
  u32(v: number) { const at = this.reserve(4); this.buf.writeUInt32LE(v, at); }
  i32(v: number) { const at = this.reserve(4); this.buf.writeInt32LE(v, at); }
  u64(v: number | bigint) { const at = this.reserve(8); this.buf.writeBigUInt64LE(BigInt(v), at); }
  i64(v: number | bigint) { const at = this.reserve(8); this.buf.writeBigInt64LE(BigInt(v), at); }
  f32(v: number) { const at = this.reserve(4); this.buf.writeFloatLE(v, at); }
  f64(v: number) { const at = this.reserve(8); this.buf.writeDoubleLE(v, at); }
  string(s: string) {
    const n = Buffer.byteLength(s, "utf8");
    this.u64(n);
    const at = this.reserve(n);
    this.buf.write(s, at, n, "utf8");
  }
  zeros(n: number) { const at = this.reserve(n); this.buf.fill(0, at, this.length); }
  bytes(): Buffer { return this.buf.subarray(0, this.length); }
}

function writeScalar(b: ByteBuilder, type: GgufScalarType, v: Scalar, key: string): void {
  if (type === "string") {
    if (typeof v !== "string") throw new TypeError(`${key}: expected a string`);
    b.string(v);
  } else if (type === "bool") {
    b.u8(v ? 1 : 0);
  } else if (type === "u64" || type === "i64") {
    if (typeof v !== "number" && typeof v !== "bigint") throw new TypeError(`${key}: expected an integer`);
    b[type](v);
  } else {
    if (typeof v !== "number") throw new TypeError(`${key}: expected a number`);
    b[type](v);
  }
}

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;

/** Header bytes (up to and including the padding before the data) and where each tensor's data goes. */
export function buildHeader(file: GgufFile): { header: Buffer; offsets: number[]; sizes: number[]; totalSize: number } {
  const alignment = file.alignment ?? 32;
  const b = new ByteBuilder();
  b.u32(0x46554747); // "GGUF" read as a little-endian u32
  b.u32(3);
  b.u64(file.tensors.length);
  b.u64(file.metadata.length);
  const keys = new Set<string>();
  for (const [key, value] of file.metadata) {
    if (keys.has(key)) throw new Error(`duplicate GGUF key ${key}`);
    keys.add(key);
    b.string(key);
    b.u32(VALUE_TYPE[value.type]);
    if (value.type === "array") {
      b.u32(VALUE_TYPE[value.itemType]);
      b.u64(value.value.length);
      for (let i = 0; i < value.value.length; i++) writeScalar(b, value.itemType, value.value[i]!, key);
    } else {
      writeScalar(b, value.type, value.value, key);
    }
  }
  const offsets: number[] = [];
  const sizes: number[] = [];
  let offset = 0;
  for (const t of file.tensors) {
    const size = tensorDataSize(t.type, t.dims);
    b.string(t.name);
    b.u32(t.dims.length);
    for (const d of t.dims) b.u64(d);
    b.u32(t.type);
    b.u64(offset);
    offsets.push(offset);
    sizes.push(size);
    offset = alignUp(offset + size, alignment);
  }
  b.zeros(alignUp(b.length, alignment) - b.length);
  const header = Buffer.from(b.bytes()); // copy: the builder's buffer is oversized
  return { header, offsets, sizes, totalSize: header.length + offset };
}

/**
 * Writes the file through a temporary name and renames it at the end, so an interrupted write never
 * leaves a half-written model under the real name.
 */
export async function writeGguf(path: string, file: GgufFile, options: WriteGgufOptions = {}): Promise<{ bytes: number; sha256?: string }> {
  const { header, sizes, totalSize } = buildHeader(file);
  const alignment = file.alignment ?? 32;
  const hash = options.hash && !options.sparse ? createHash("sha256") : undefined;
  const tmp = `${path}.tmp-${process.pid}`;
  const fh = await open(tmp, "w");
  try {
    let position = 0;
    const put = async (chunk: Uint8Array) => {
      hash?.update(chunk); // synchronous: done before the generator may reuse the buffer
      let done = 0;
      while (done < chunk.length) {
        const { bytesWritten } = await fh.write(chunk, done, chunk.length - done, position + done);
        done += bytesWritten;
      }
      position += chunk.length;
    };
    await put(header);
    if (options.sparse) {
      await fh.truncate(totalSize);
    } else {
      for (let i = 0; i < file.tensors.length; i++) {
        const t = file.tensors[i]!;
        const start = position;
        if (t.data) for (const chunk of t.data()) await put(chunk);
        else await putZeros(put, sizes[i]!);
        if (position - start !== sizes[i]) {
          throw new Error(`tensor ${t.name}: data source gave ${position - start} bytes, expected ${sizes[i]}`);
        }
        await putZeros(put, alignUp(position, alignment) - position);
      }
      if (position !== totalSize) throw new Error(`wrote ${position} bytes, expected ${totalSize}`);
    }
    await fh.close();
    await rename(tmp, path);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
  return { bytes: totalSize, ...(hash ? { sha256: hash.digest("hex") } : {}) };
}

async function putZeros(put: (c: Uint8Array) => Promise<void>, n: number): Promise<void> {
  const zeros = new Uint8Array(Math.min(n, 1 << 20));
  for (let left = n; left > 0; left -= zeros.length) await put(left >= zeros.length ? zeros : zeros.subarray(0, left));
}
