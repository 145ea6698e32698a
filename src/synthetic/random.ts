// A small seeded PRNG (xoshiro128**, seeded through splitmix32) so the same seed always gives the
// same bytes: synthetic models must be byte-for-byte reproducible. Math.random cannot be seeded.

/** splitmix32: spreads a small seed over 32 bits; used to seed xoshiro and to derive sub-seeds. */
export function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a of a string, to derive a per-tensor seed from its name (content then independent of order). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // Four chained splitmix outputs; xoshiro must not start from an all-zero state.
    this.a = splitmix32(seed >>> 0);
    this.b = splitmix32(this.a);
    this.c = splitmix32(this.b);
    this.d = splitmix32(this.c) || 1;
  }

  /** Next uniformly distributed unsigned 32-bit integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform float in [0, 1). */
  nextFloat(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). Slight modulo bias is irrelevant for test data. */
  nextInt(n: number): number {
    return this.nextU32() % n;
  }

  /**
   * Fills `out` with random bytes, 4 at a time. Bytes are taken little-endian from each u32 explicitly
   * (not through a Uint32Array view) so the stream is the same on any platform and any alignment.
   */
  fillBytes(out: Uint8Array): void {
    const n = out.length;
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const r = this.nextU32();
      out[i] = r;
      out[i + 1] = r >>> 8;
      out[i + 2] = r >>> 16;
      out[i + 3] = r >>> 24;
    }
    if (i < n) {
      let r = this.nextU32();
      for (; i < n; i++, r >>>= 8) out[i] = r;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
