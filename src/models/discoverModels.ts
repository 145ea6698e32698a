// Finds GGUF model files in folders, fast even with thousands of files: bounded depth, caps on
// entries and time, a few file operations at a time, 24 bytes read per candidate (the GGUF
// signature, version and tensor count). File symlinks are followed (the Hugging Face cache links
// snapshots to blobs) and each file is listed once (same device and inode); directory symlinks
// are not followed (no cycles). Metadata is NOT parsed here: that happens in the worker process
// (models/inspect), so a malformed file can never hurt the editor.
import { open, opendir, readFile, realpath, stat } from "node:fs/promises";
import { basename, join, relative, sep } from "node:path";
import type { ModelLocation } from "./knownLocations";

export interface FoundModel {
  path: string;
  /** The file itself (symlinks resolved): what to inspect and load. */
  realPath: string;
  sizeBytes: number;
  source: string;
  /** The name the owning tool gives it, when the file name is not one (Ollama's "model:tag"). */
  displayName?: string;
}

export interface Discovery {
  models: FoundModel[];
  /** Folders that could not be read (or, for folders the user named, do not exist), with the reason. */
  problems: { path: string; reason: string }[];
  /** True when a cap (entries or time) stopped the walk before the end. */
  truncated: boolean;
}

export interface DiscoveryLimits {
  maxDepth: number;
  maxEntries: number;
  timeBudgetMs: number;
  /** File operations in flight at once (stat, open, read). */
  concurrency: number;
}

export const DEFAULT_LIMITS: DiscoveryLimits = { maxDepth: 6, maxEntries: 50_000, timeBudgetMs: 3000, concurrency: 16 };

/** Partial downloads of various tools (ipull .ipull, llama.cpp .downloadInProgress, browsers, HF .incomplete): never offered. */
const PARTIAL = /\.(ipull|part|partial|download|crdownload|tmp|incomplete)$|\.gguf\.[^.]+$|\.tmp-\d+$/i;
/** Multimodal projectors are GGUF files too (adapters are told apart by the worker, from metadata). */
const NOT_A_MODEL = /mmproj/i;
/** A complete Ollama blob (partial ones end in "-partial" or "-partial-N"). */
const OLLAMA_BLOB = /^sha256[-:][0-9a-f]+$/i;
/** Smaller than any real model; also skips Ollama's template, license and params blobs cheaply. */
const MIN_MODEL_BYTES = 1024;

export async function discoverModels(locations: readonly ModelLocation[], limits: Partial<DiscoveryLimits> = {}): Promise<Discovery> {
  const { maxDepth, maxEntries, timeBudgetMs, concurrency } = { ...DEFAULT_LIMITS, ...limits };
  const result: Discovery = { models: [], problems: [], truncated: false };
  const deadline = performance.now() + timeBudgetMs;
  const limit = limiter(concurrency);
  const seen = new Set<string>();
  let entries = 0;
  const outOfBudget = () => {
    if (entries > maxEntries || performance.now() > deadline) result.truncated = true;
    return result.truncated;
  };

  const consider = async (path: string, location: ModelLocation, names: OllamaNames | undefined) => {
    const name = basename(path);
    if (PARTIAL.test(name) || NOT_A_MODEL.test(name)) return;
    if (location.extensionless ? !OLLAMA_BLOB.test(name) : !name.toLowerCase().endsWith(".gguf")) return;
    const ollama = names?.get(name.replace(":", "-"));
    if (names && names.size > 0 && !ollama) return; // a blob no manifest names as a model (adapter, projector, old)
    if (outOfBudget()) return;
    try {
      const info = await stat(path);
      const key = `${info.dev}:${info.ino}`;
      if (!info.isFile() || info.size < MIN_MODEL_BYTES || seen.has(key)) return;
      seen.add(key);
      if (!(await looksLikeGgufModel(path))) return;
      result.models.push({ path, realPath: await realpath(path), sizeBytes: info.size, source: location.source, ...(ollama ? { displayName: ollama } : {}) });
    } catch {
      // vanished or unreadable: not offered
    }
  };

  const walk = async (dir: string, depth: number, location: ModelLocation, names: OllamaNames | undefined): Promise<void> => {
    if (outOfBudget()) return;
    const listing = await limit(() => listFolder(dir));
    if ("error" in listing) {
      if (depth === 0 && (location.reportMissing || !MISSING.has(listing.error))) result.problems.push({ path: dir, reason: describeError(listing.error) });
      return;
    }
    entries += listing.files.length + listing.folders.length;
    if (outOfBudget()) return;
    await Promise.all([
      ...listing.files.map((file) => limit(() => consider(join(dir, file), location, names))),
      ...(depth < maxDepth ? listing.folders.map((folder) => walk(join(dir, folder), depth + 1, location, names)) : []),
    ]);
  };

  await Promise.all(
    locations.map(async (location) => {
      const names = location.ollamaManifests ? await ollamaModelNames(location.ollamaManifests, deadline) : undefined;
      await walk(location.path, 0, location, names);
    }),
  );
  result.models.sort((a, b) => a.path.localeCompare(b.path));
  return result;
}

const MISSING = new Set(["ENOENT", "ENOTDIR"]);

function describeError(code: string): string {
  if (code === "ENOENT") return "does not exist";
  if (code === "ENOTDIR") return "is not a folder";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return code;
}

async function listFolder(dir: string): Promise<{ files: string[]; folders: string[] } | { error: string }> {
  const files: string[] = [];
  const folders: string[] = [];
  try {
    for await (const entry of await opendir(dir, { bufferSize: 256 })) {
      if (entry.isDirectory()) {
        if (!entry.name.startsWith(".")) folders.push(entry.name);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        files.push(entry.name);
      }
    }
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
  return { files, folders };
}

/**
 * The GGUF signature, a known version and at least one tensor: tokenizer-only files (llama.cpp's
 * ggml-vocab-*.gguf) have none. Three fixed-size integers, no parsing.
 */
async function looksLikeGgufModel(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const header = Buffer.alloc(24);
    const { bytesRead } = await handle.read(header, 0, 24, 0);
    if (bytesRead < 24 || header.toString("latin1", 0, 4) !== "GGUF") return false;
    const version = header.readUInt32LE(4);
    return (version === 2 || version === 3) && header.readBigUInt64LE(8) > 0n;
  } finally {
    await handle.close();
  }
}

/** Blob file name ("sha256-<hex>") to "model:tag", for the blobs Ollama's manifests name as model weights. */
type OllamaNames = Map<string, string>;

const OLLAMA_MODEL_LAYER = "application/vnd.ollama.image.model";

/** Reads Ollama's manifests (small JSON files, manifests/<host>/<namespace>/<model>/<tag>); empty when there are none. */
async function ollamaModelNames(manifests: string, deadline: number): Promise<OllamaNames> {
  const names: OllamaNames = new Map();
  const files: string[] = [];
  const collect = async (dir: string, depth: number): Promise<void> => {
    if (depth > 4 || performance.now() > deadline) return;
    const listing = await listFolder(dir);
    if ("error" in listing) return;
    files.push(...listing.files.map((f) => join(dir, f)));
    for (const folder of listing.folders) await collect(join(dir, folder), depth + 1);
  };
  await collect(manifests, 0);
  for (const file of files.slice(0, 2000)) {
    try {
      const manifest = JSON.parse(await readFile(file, "utf8")) as { layers?: { mediaType?: string; digest?: string }[] };
      const model = manifest.layers?.find((l) => l.mediaType === OLLAMA_MODEL_LAYER && typeof l.digest === "string");
      if (model) names.set(model.digest!.replace(":", "-"), ollamaName(relative(manifests, file)));
    } catch {
      // not a manifest: ignored
    }
  }
  return names;
}

/** "registry.ollama.ai/library/qwen2.5-coder/1.5b" -> "qwen2.5-coder:1.5b"; other namespaces keep their prefix. */
function ollamaName(manifestPath: string): string {
  const parts = manifestPath.split(sep).join("/").split("/");
  const tag = parts.pop() ?? "latest";
  const model = parts.pop() ?? "?";
  const [host, namespace] = parts;
  const prefix = host === "registry.ollama.ai" ? (namespace === "library" ? "" : `${namespace}/`) : `${parts.join("/")}/`;
  return `${prefix}${model}:${tag}`;
}

/** At most `n` tasks at once (a few lines, so no dependency: p-limit is ESM-only). */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async (task) => {
    if (active >= n) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}
