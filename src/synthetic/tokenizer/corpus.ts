// Text to train the synthetic BPE vocabulary on. Nothing can be downloaded here, so it is read from
// packages the project already installs at pinned versions (package-lock): node-llama-cpp's compiled
// JavaScript (code) and @types/node's declarations (TypeScript with long English doc comments).
// Files are taken in code-unit path order, up to a byte budget per source, so the same installed
// packages always give the same corpus and therefore the same vocabulary.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";

const SOURCES = [
  { dir: "node-llama-cpp/dist", ext: /\.js$/, budget: 1_500_000 },
  { dir: "@types/node", ext: /\.d\.ts$/, budget: 1_500_000 },
];

export interface Corpus {
  text: string;
  /** First 16 hex digits of the corpus's SHA-256: tells which text a vocabulary came from. */
  fingerprint: string;
}

/** The nearest node_modules above this file (source, test or bundled dist alike), or above cwd. */
export function findNodeModules(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, "node_modules", "node-llama-cpp");
      if (existsSync(candidate)) return join(dir, "node_modules");
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error("synthetic tokenizer: no node_modules with node-llama-cpp found to train the vocabulary on");
}

function listFiles(root: string, ext: RegExp): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    const names = readdirSync(dir).sort(); // default sort compares UTF-16 code units: locale-independent
    for (const name of names) {
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (ext.test(name)) out.push(path);
    }
  };
  walk(root);
  return out;
}

export function loadCorpus(nodeModules = findNodeModules()): Corpus {
  const parts: string[] = [];
  for (const source of SOURCES) {
    const root = join(nodeModules, source.dir);
    if (!existsSync(root)) continue; // e.g. a production install without @types: a smaller corpus
    let used = 0;
    for (const file of listFiles(root, source.ext)) {
      if (used >= source.budget) break;
      const text = readFileSync(file, "utf8").slice(0, source.budget - used);
      parts.push(text);
      used += text.length;
    }
  }
  if (parts.length === 0) throw new Error(`synthetic tokenizer: no corpus files under ${nodeModules}`);
  const text = parts.join("\n");
  return { text, fingerprint: createHash("sha256").update(text).digest("hex").slice(0, 16) };
}
