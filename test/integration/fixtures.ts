// Shared set-up for integration tests: the built worker, the tiny synthetic model and a set of
// broken model files, all generated (nothing downloaded, nothing committed).
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { EngineClient, type EngineConfig } from "../../src/host/engineClient";
import { writeSyntheticModel } from "../../src/synthetic/writeSyntheticModel";
import { forkWorker } from "../../src/host/engineWorker";

export const ROOT = resolve(__dirname, "../..");
export const WORKER = join(ROOT, "dist/worker.js");
export const CLI = join(ROOT, "dist/cli.js");
const MODELS = join(ROOT, ".cache/test-models");

export function assertBuilt(): void {
  if (!existsSync(WORKER) || !existsSync(CLI)) throw new Error(`${WORKER} or ${CLI} is missing: run "npm run build" first (npm test does).`);
}

let tiny: Promise<string> | undefined;
/** The tiny llama-architecture model with FIM tokens and a chat template. */
export function tinyModel(): Promise<string> {
  tiny ??= (async () => {
    mkdirSync(MODELS, { recursive: true });
    const path = join(MODELS, "tiny.gguf");
    await writeSyntheticModel({ shape: "tiny", outPath: path, seed: 1 });
    return path;
  })();
  return tiny;
}

export interface BadModels {
  missing: string;
  directory: string;
  empty: string;
  textFile: string;
  truncated: string;
  headerCutShort: string;
  missingTensors: string;
  unknownArchitecture: string;
  tooLarge: string;
}

let bad: Promise<BadModels> | undefined;
export function badModels(): Promise<BadModels> {
  bad ??= (async () => {
    const dir = join(MODELS, "bad");
    mkdirSync(dir, { recursive: true });
    const good = await tinyModel();
    const paths: BadModels = {
      missing: join(dir, "does-not-exist.gguf"),
      directory: join(dir, "a-folder.gguf"),
      empty: join(dir, "empty.gguf"),
      textFile: join(dir, "notes.gguf"),
      truncated: join(dir, "truncated.gguf"),
      headerCutShort: join(dir, "header-cut-short.gguf"),
      missingTensors: join(dir, "missing-tensors.gguf"),
      unknownArchitecture: join(dir, "unknown-arch.gguf"),
      tooLarge: join(dir, "huge-sparse.gguf"),
    };
    mkdirSync(paths.directory, { recursive: true });
    writeFileSync(paths.empty, "");
    writeFileSync(paths.textFile, "These are my notes, not a model.\n".repeat(100));
    copyFileSync(good, paths.truncated);
    truncateSync(paths.truncated, Math.floor(statSync(good).size * 0.8)); // cut inside the tensor data
    writeFileSync(paths.headerCutShort, readFileSync(good).subarray(0, 5000));
    writeFileSync(paths.missingTensors, withBlockCount(readFileSync(good), 3));
    await writeSyntheticModel({ shape: "tiny", outPath: paths.unknownArchitecture, architecture: "notarealarch", seed: 1 });
    await writeSyntheticModel({ shape: "huge", outPath: paths.tooLarge, seed: 1 });
    return paths;
  })();
  return bad;
}

export function testConfig(modelPath: string | undefined, overrides: Partial<EngineConfig> = {}): EngineConfig {
  return { modelPath, contextSize: 2048, threads: 1, gpu: "off", idleUnloadMs: 0, ...overrides };
}

/**
 * A copy of a 2-block tiny model whose metadata claims more blocks: it passes every check on the
 * file and fails inside llama.cpp (missing tensors), which exercises the load-failure path.
 */
function withBlockCount(model: Buffer, blocks: number): Buffer {
  const copy = Buffer.from(model);
  const key = Buffer.from("llama.block_count");
  const at = copy.indexOf(key);
  if (at < 0) throw new Error("llama.block_count not found in the tiny model");
  const valueAt = at + key.length + 4; // the key, then the u32 value type, then the value
  if (copy.readUInt32LE(at + key.length) !== 4) throw new Error("llama.block_count is not a u32");
  copy.writeUInt32LE(blocks, valueAt);
  return copy;
}

export function engineFor(modelPath: string | undefined, overrides: Partial<EngineConfig> = {}): EngineClient {
  return engineWith(testConfig(modelPath, overrides));
}

/** An engine that reads this config object on every request: tests change it to change settings. */
export function engineWith(config: EngineConfig): EngineClient {
  assertBuilt();
  return new EngineClient({
    createWorker: forkWorker({ workerPath: WORKER }),
    getConfig: () => config,
    log: ({ level, message }) => {
      if (process.env.LOCAL_SLM_TEST_VERBOSE) process.stderr.write(`    [worker ${level}] ${message}\n`);
    },
  });
}

export function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
