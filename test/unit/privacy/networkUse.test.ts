// Nothing leaves the machine: the only source files that may open a connection are the model
// downloader's (a download the user asked for) and the server backend's HTTP client (a server the
// user configured). Any other use of a network API fails this test.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "../../..");
const NETWORK_USE = [
  /from\s+["'](node:)?(net|tls|http|https|http2|dgram)["']/,
  /require\(\s*["'](node:)?(net|tls|http|https|http2|dgram)["']\s*\)/,
  /\bfetch\s*\(/,
  /\bWebSocket\b/,
  /\bXMLHttpRequest\b/,
  /["']undici["']/,
  /\bcreateModelDownloader\b|\bcombineModelDownloaders\b/,
];
/** The files allowed to reach the network, by name (the README names the same ones). */
const ALLOWED = new Set([
  // The user-requested model download.
  "src/models/downloadModel.ts",
  // Requests to the server the user configured as a backend.
  "src/server/http.ts",
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });
}

describe("network use in the source", () => {
  it("only the model downloader and the server backend's HTTP client use network APIs", () => {
    const offenders: string[] = [];
    for (const file of [...sourceFiles(join(ROOT, "src")), ...sourceFiles(join(ROOT, "media"))]) {
      const path = relative(ROOT, file).split("\\").join("/");
      if (ALLOWED.has(path)) continue;
      const text = readFileSync(file, "utf8");
      for (const pattern of NETWORK_USE) if (pattern.test(text)) offenders.push(`${path}: ${pattern}`);
    }
    assert.deepEqual(offenders, []);
  });

  it("every file allowed to use the network exists and does use it (the list stays exact)", () => {
    for (const path of ALLOWED) {
      const text = readFileSync(join(ROOT, path), "utf8");
      assert.ok(NETWORK_USE.some((p) => p.test(text)), `${path} no longer uses the network: remove it from the list`);
    }
  });

  it("recognises a network call when there is one (so the test above can fail)", () => {
    const samples = ['import { request } from "node:https";', 'const r = await fetch("https://x");', 'const net = require("net");'];
    for (const sample of samples) assert.ok(NETWORK_USE.some((p) => p.test(sample)), sample);
  });
});
