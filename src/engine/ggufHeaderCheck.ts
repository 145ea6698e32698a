// Walks a GGUF header (metadata and tensor table) checking every length, count and type against
// the file's real size BEFORE node-llama-cpp's parser or llama.cpp read it. A fuzzed header made
// node-llama-cpp's reader spin for minutes on an array count of 2^60 (found by ggufFuzz.test.ts);
// with these bounds the work is at most proportional to the file's size.
import type { FileHandle } from "node:fs/promises";
import { ggmlBlock } from "../shared/ggmlTypes";

/** GGUF metadata value types (gguf.h): uint8 .. float64. */
const SCALAR_BYTES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;
const MAX_DIMS = 4;
const MAX_KEY_BYTES = 65_535;
const MAX_GGML_TYPE = 1024;
/** Beyond this a length is garbage, not a header cut short (real headers are a few MB). */
const PLAUSIBLE_BYTES = 1 << 30;
/** Likewise for tensor data: no model this extension runs is anywhere near a terabyte. */
const PLAUSIBLE_MODEL_BYTES = 2 ** 40;

export class GgufHeaderError extends Error {
  /** The header runs past the end of the file: most likely a download cut short. */
  constructor(
    message: string,
    readonly pastEnd = false,
  ) {
    super(message);
  }
}

/** Throws GgufHeaderError with a short reason when the header cannot be what it claims. */
export async function checkGgufHeader(handle: FileHandle, fileSize: number): Promise<void> {
  const r = new BoundedReader(handle, fileSize);
  await r.skip(4); // the signature, checked by the caller
  const version = await r.u32();
  if (version !== 2 && version !== 3) throw new GgufHeaderError(`unsupported GGUF version ${version}`);
  const tensorCount = await r.u64();
  const metadataCount = await r.u64();
  // Each tensor entry and each metadata entry takes more than 16 bytes in the file.
  if (tensorCount * 16 > fileSize) throw new GgufHeaderError(`it claims ${tensorCount} tensors, more than the file can hold`);
  if (metadataCount * 16 > fileSize) throw new GgufHeaderError(`it claims ${metadataCount} metadata entries, more than the file can hold`);
  for (let i = 0; i < metadataCount; i++) {
    const key = await r.string(MAX_KEY_BYTES, `metadata key ${i + 1}`);
    const type = await r.u32();
    await value(r, type, `"${key}"`);
  }
  for (let i = 0; i < tensorCount; i++) {
    const name = await r.string(MAX_KEY_BYTES, `tensor name ${i + 1}`);
    const dims = await r.u32();
    if (dims < 1 || dims > MAX_DIMS) throw new GgufHeaderError(`tensor "${name}" has ${dims} dimensions`);
    let elements = 1;
    for (let d = 0; d < dims; d++) {
      const size = await r.u64();
      if (size < 1) throw new GgufHeaderError(`tensor "${name}" has an empty dimension`);
      elements *= size;
    }
    const ggmlType = await r.u32();
    // A type newer than our table is left to llama.cpp; a number this large is no type at all.
    if (ggmlType >= MAX_GGML_TYPE) throw new GgufHeaderError(`tensor "${name}" has an unknown type ${ggmlType}`);
    const block = ggmlBlock(ggmlType);
    const tensorBytes = block ? (elements / block.values) * block.bytes : 0;
    if (tensorBytes > fileSize) throw new GgufHeaderError(`tensor "${name}" is larger than the file`, tensorBytes < PLAUSIBLE_MODEL_BYTES);
    const offset = await r.u64();
    if (offset > fileSize) throw new GgufHeaderError(`tensor "${name}" starts past the end of the file`, offset < PLAUSIBLE_MODEL_BYTES);
  }
}

async function value(r: BoundedReader, type: number, what: string): Promise<void> {
  if (type === STRING) {
    await r.string(r.remaining, what);
    return;
  }
  if (type === ARRAY) {
    const itemType = await r.u32();
    const count = await r.u64();
    const itemBytes = itemType === STRING ? 8 : itemType === ARRAY ? 12 : SCALAR_BYTES[itemType];
    if (itemBytes === undefined) throw new GgufHeaderError(`metadata ${what} is an array of unknown type ${itemType}`);
    if (count * itemBytes > r.remaining) throw new GgufHeaderError(`metadata ${what} claims ${count} items, more than the file holds`, count * itemBytes < PLAUSIBLE_BYTES);
    if (itemType === STRING || itemType === ARRAY) for (let i = 0; i < count; i++) await value(r, itemType, what);
    else await r.skip(count * itemBytes);
    return;
  }
  const bytes = SCALAR_BYTES[type];
  if (bytes === undefined) throw new GgufHeaderError(`metadata ${what} has an unknown type ${type}`);
  await r.skip(bytes);
}

/** Sequential reads through a window that refills from the file; never past its end. */
class BoundedReader {
  private buffer = Buffer.alloc(0);
  private bufferStart = 0;
  private position = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  get remaining(): number {
    return this.size - this.position;
  }

  async u32(): Promise<number> {
    const at = await this.take(4);
    return this.buffer.readUInt32LE(at);
  }

  /** A u64 as a number (above 2^53 it is only approximate, which is fine for bounds). */
  async u64(): Promise<number> {
    const at = await this.take(8);
    return Number(this.buffer.readBigUInt64LE(at));
  }

  async string(maxBytes: number, what: string): Promise<string> {
    const length = await this.u64();
    if (length > maxBytes || length > this.remaining) throw new GgufHeaderError(`${what} claims ${length} bytes, more than the file holds`, length < PLAUSIBLE_BYTES);
    if (length > 256) {
      await this.skip(length);
      return "(long)";
    }
    const at = await this.take(length);
    return this.buffer.toString("utf8", at, at + length);
  }

  async skip(bytes: number): Promise<void> {
    if (bytes > this.remaining) throw new GgufHeaderError("it ends in the middle of its header", true);
    this.position += bytes;
  }

  /** Makes `bytes` bytes at the position readable; returns their offset in the buffer. */
  private async take(bytes: number): Promise<number> {
    if (bytes > this.remaining) throw new GgufHeaderError("it ends in the middle of its header", true);
    const end = this.position + bytes;
    if (this.position < this.bufferStart || end > this.bufferStart + this.buffer.length) {
      const length = Math.min(Math.max(bytes, 1 << 20), this.size - this.position);
      this.buffer = Buffer.alloc(length);
      await this.handle.read(this.buffer, 0, length, this.position);
      this.bufferStart = this.position;
    }
    const at = this.position - this.bufferStart;
    this.position = end;
    return at;
  }
}
