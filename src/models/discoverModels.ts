// Finds GGUF model files in folders, fast even with thousands of files: bounded depth, a cap on
// entries visited and on time, 4 bytes read per candidate (the GGUF signature), symlinks followed
// (the Hugging Face cache links snapshots to blobs) and de-duplicated by real path. Metadata is
// NOT parsed here: that happens in the worker process (a malformed file cannot hurt the editor).
import { open, opendir, realpath, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import type { ModelLocation } from "./knownLocations";

export interface FoundModel {
  path: string;
  realPath: string;
  sizeBytes: number;
  source: string;
}

export interface Discovery {
  models: FoundModel[];
  /** Folders that exist but could not be read, with the reason. */
  problems: { path: string; reason: string }[];
  /** True when a cap (entries or time) stopped the walk before the end. */
  truncated: boolean;
}

export interface DiscoveryLimits {
  maxDepth: number;
  maxEntries: number;
  timeBudgetMs: number;
}

export const DEFAULT_LIMITS: DiscoveryLimits = { maxDepth: 6, maxEntries: 50_000, timeBudgetMs: 3000 };

/** Partial downloads of various tools: never offered (and never loaded). */
const PARTIAL = /\.(ipull|part|partial|download|crdownload|tmp|incomplete)$|\.gguf\.[^.]+$/i;
/** Multimodal projectors are GGUF files too (adapters are told apart by the worker, from metadata). */
const NOT_A_MODEL = /mmproj/i;

export async function discoverModels(locations: readonly ModelLocation[], limits = DEFAULT_LIMITS): Promise<Discovery> {
  const result: Discovery = { models: [], problems: [], truncated: false };
  const deadline = performance.now() + limits.timeBudgetMs;
  const seen = new Set<string>();
  let entries = 0;

  const consider = async (path: string, location: ModelLocation) => {
    const name = basename(path);
    if (PARTIAL.test(name) || NOT_A_MODEL.test(name)) return;
    if (!location.extensionless && !name.toLowerCase().endsWith(".gguf")) return;
    if (location.extensionless && !name.startsWith("sha256")) return;
    try {
      const info = await stat(path);
      if (!info.isFile() || info.size < 1024) return;
      const real = await realpath(path);
      if (seen.has(real) || !(await hasGgufSignature(real))) return;
      seen.add(real);
      result.models.push({ path, realPath: real, sizeBytes: info.size, source: location.source });
    } catch {
      // vanished or unreadable: not offered
    }
  };

  const walk = async (dir: string, depth: number, location: ModelLocation): Promise<void> => {
    let handle;
    try {
      handle = await opendir(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (depth === 0 && code !== "ENOENT" && code !== "ENOTDIR") result.problems.push({ path: dir, reason: code ?? String(error) });
      return;
    }
    const subdirs: string[] = [];
    const files: string[] = [];
    for await (const entry of handle) {
      if (++entries > limits.maxEntries || performance.now() > deadline) {
        result.truncated = true;
        break;
      }
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith(".")) subdirs.push(path);
      else if (entry.isFile() || entry.isSymbolicLink()) files.push(path);
    }
    // One after another: a file and a symlink to it must not both pass the "seen" check, and only
    // names that look like models cost any I/O.
    for (const file of files) await consider(file, location);
    if (depth < limits.maxDepth && !result.truncated) for (const sub of subdirs) await walk(sub, depth + 1, location);
  };

  for (const location of locations) {
    if (result.truncated) break;
    await walk(location.path, 0, location);
  }
  result.models.sort((a, b) => a.path.localeCompare(b.path));
  return result;
}

async function hasGgufSignature(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    return bytesRead === 4 && buffer.toString("latin1") === "GGUF";
  } finally {
    await handle.close();
  }
}
