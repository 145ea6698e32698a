// Fuzzes the model loader with mutated GGUF headers: every case must end in a clear error naming
// the file, or a loaded model; never a hang, and never anything worse than the worker process
// stopping (which the host survives and restarts from). GGUF is parsed only in the worker.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EngineError, EngineErrorCode } from "../../src/protocol/errors";
import { engineWith, ROOT, testConfig, tinyModel } from "./fixtures";

const CASES = Number(process.env.LOCAL_SLM_FUZZ_CASES ?? 300);
/** The tiny model's header (metadata and tensor table) ends near here; mutations stay inside it. */
const HEADER_BYTES = 21_500;
const CASE_TIME_LIMIT_MS = 20_000;

/** A small seeded generator (mulberry32): the same cases on every run, so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (model: Buffer, rand: () => number) => { bytes: Buffer; what: string };
const HUGE = [0xffffffffn, 0xffffffffffffffffn, 1n << 40n, 1n << 31n, 0n, 7n];
const at = (rand: () => number, max: number) => Math.floor(rand() * max);

const MUTATIONS: Mutation[] = [
  (model, rand) => {
    const copy = Buffer.from(model);
    const n = 1 + at(rand, 8);
    for (let i = 0; i < n; i++) copy[at(rand, HEADER_BYTES)] = at(rand, 256);
    return { bytes: copy, what: `${n} random bytes` };
  },
  (model, rand) => {
    const copy = Buffer.from(model);
    const offset = 4 + at(rand, HEADER_BYTES - 12);
    const value = HUGE[at(rand, HUGE.length)]!;
    copy.writeBigUInt64LE(value, offset);
    return { bytes: copy, what: `u64 ${value} at ${offset}` };
  },
  (model, rand) => {
    const offset = 8 + at(rand, HEADER_BYTES);
    return { bytes: model.subarray(0, offset), what: `cut at ${offset}` };
  },
  (model, rand) => {
    const copy = Buffer.from(model);
    const field = [4, 8, 16][at(rand, 3)]!; // version, tensor count, metadata count
    const value = field === 4 ? [0, 1, 2, 4, 999, 0xffffffff][at(rand, 6)]! : Number(HUGE[at(rand, HUGE.length)]! & 0xffffffffn);
    if (field === 4) copy.writeUInt32LE(value, 4);
    else copy.writeBigUInt64LE(BigInt(value), field);
    return { bytes: copy, what: `header field at ${field} = ${value}` };
  },
  (model, rand) => {
    // A value type id out of range, where a metadata value's type is read.
    const copy = Buffer.from(model);
    const key = ["general.architecture", "llama.block_count", "tokenizer.ggml.tokens", "llama.context_length", "tokenizer.ggml.model"][at(rand, 5)]!;
    const keyAt = copy.indexOf(Buffer.from(key));
    const type = [13, 255, 0xffffffff, 9, 8][at(rand, 5)]!;
    copy.writeUInt32LE(type, keyAt + key.length);
    return { bytes: copy, what: `type of ${key} = ${type}` };
  },
];

describe(`GGUF loader fuzz (${CASES} mutated headers)`, function () {
  this.timeout(CASES * CASE_TIME_LIMIT_MS);
  const dir = join(ROOT, ".cache/test-models/fuzz");

  it("ends every case in a clear error or a loaded model, within the time limit", async () => {
    const model = readFileSync(await tinyModel());
    mkdirSync(dir, { recursive: true });
    const config = testConfig(undefined);
    const engine = engineWith(config);
    const rand = random(20261123);
    const tally = { loaded: 0, refused: 0, workerStopped: 0 };
    try {
      for (let i = 0; i < CASES; i++) {
        const { bytes, what } = MUTATIONS[i % MUTATIONS.length]!(model, rand);
        const path = join(dir, `case-${i}.gguf`);
        writeFileSync(path, bytes);
        config.modelPath = path;
        const outcome = await within(CASE_TIME_LIMIT_MS, engine.ensureModel()).then(
          () => "loaded" as const,
          (error: unknown) => error,
        );
        const label = `case ${i} (${what})`;
        if (outcome === "loaded") tally.loaded++;
        else {
          assert.ok(outcome instanceof EngineError, `${label}: not an engine error: ${outcome}`);
          assert.ok(!outcome.message.includes("\n"), `${label}: one line: ${outcome.message}`);
          if (outcome.code === EngineErrorCode.WorkerCrashed) tally.workerStopped++;
          else {
            assert.ok(outcome.message.includes(path), `${label}: names the file: ${outcome.message}`);
            tally.refused++;
          }
        }
        rmSync(path, { force: true });
      }
      // The engine still works afterwards.
      config.modelPath = await tinyModel();
      assert.equal((await engine.ensureModel()).architecture, "llama");
    } finally {
      await engine.dispose();
    }
    process.stderr.write(`      ${JSON.stringify(tally)}\n`);
    assert.equal(tally.workerStopped, 0, "a malformed header never crashes the worker");
  });
});

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`hung for more than ${ms} ms`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
