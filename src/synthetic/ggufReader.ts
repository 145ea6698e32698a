// Reads a GGUF file's key/value metadata with each value's stored type, so a file can be written
// back (e.g. a vocabulary with tokens added) without changing any other key's type. Tensor infos
// are not read: this is for vocab-only files and for copying tokenizer keys into a new model.
import { open } from "node:fs/promises";
import type { GgufScalarType, GgufValue } from "./ggufWriter";

const TYPE_NAMES: Record<number, GgufScalarType | "array"> = {
  0: "u8", 1: "i8", 2: "u16", 3: "i16", 4: "u32", 5: "i32", 6: "f32", 7: "bool", 8: "string", 9: "array", 10: "u64", 11: "i64", 12: "f64",
};

export type GgufMetadata = Array<[string, GgufValue]>;

/** Headers of the files here are a few MB (a 262,144-token vocabulary is ~16 MB); weights are not read. */
const MAX_HEADER_BYTES = 64 << 20;

export async function readGgufMetadata(path: string): Promise<GgufMetadata> {
  const handle = await open(path, "r");
  let buf: Buffer;
  try {
    const size = Math.min((await handle.stat()).size, MAX_HEADER_BYTES);
    buf = Buffer.alloc(size);
    await handle.read(buf, 0, size, 0);
  } finally {
    await handle.close();
  }
  let at = 0;
  const need = (n: number) => {
    if (at + n > buf.length) throw new Error(`${path}: GGUF header runs past the end of the file`);
    const here = at;
    at += n;
    return here;
  };
  const u32 = () => buf.readUInt32LE(need(4));
  const u64 = () => Number(buf.readBigUInt64LE(need(8)));
  const string = () => {
    const n = u64();
    return buf.toString("utf8", need(n), at);
  };
  const scalar = (type: GgufScalarType): number | bigint | boolean | string => {
    switch (type) {
      case "u8": return buf.readUInt8(need(1));
      case "i8": return buf.readInt8(need(1));
      case "u16": return buf.readUInt16LE(need(2));
      case "i16": return buf.readInt16LE(need(2));
      case "u32": return buf.readUInt32LE(need(4));
      case "i32": return buf.readInt32LE(need(4));
      case "f32": return buf.readFloatLE(need(4));
      case "bool": return buf.readUInt8(need(1)) !== 0;
      case "string": return string();
      case "u64": return buf.readBigUInt64LE(need(8));
      case "i64": return buf.readBigInt64LE(need(8));
      case "f64": return buf.readDoubleLE(need(8));
    }
  };
  const typeOf = (code: number) => {
    const name = TYPE_NAMES[code];
    if (!name) throw new Error(`${path}: unknown GGUF value type ${code}`);
    return name;
  };

  if (buf.toString("latin1", 0, 4) !== "GGUF") throw new Error(`${path} is not a GGUF file`);
  need(4);
  const version = u32();
  if (version !== 3) throw new Error(`${path}: GGUF version ${version}, expected 3`);
  u64(); // tensor count
  const count = u64();
  const metadata: GgufMetadata = [];
  for (let i = 0; i < count; i++) {
    const key = string();
    const type = typeOf(u32());
    if (type === "array") {
      const itemType = typeOf(u32());
      if (itemType === "array") throw new Error(`${path}: nested arrays are not supported (${key})`);
      const n = u64();
      const items: Array<number | bigint | boolean | string> = new Array(n);
      for (let j = 0; j < n; j++) items[j] = scalar(itemType);
      metadata.push([key, { type: "array", itemType, value: items }]);
    } else {
      metadata.push([key, { type, value: scalar(type) }]);
    }
  }
  return metadata;
}
