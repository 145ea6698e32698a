// Model download against a loopback HTTP server serving the tiny synthetic model: complete,
// interrupted then resumed, refused, cancelled, locked against a second download, and a partial
// file never offered as a model.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { discoverModels } from "../../src/models/discoverModels";
import { assertAllowedUrl, DownloadError, downloadModelFile } from "../../src/models/downloadModel";
import { tinyModel } from "./fixtures";

interface Served {
  server: Server;
  base: string;
  requests: IncomingMessage[];
  /** Bytes to send before dropping the connection (first request only), or undefined. */
  cutAfter?: number;
  /** Wait this long between chunks (to cancel mid-way). */
  slowMs?: number;
}

async function serve(body: Buffer, served: Partial<Served> = {}): Promise<Served> {
  const state = { requests: [] as IncomingMessage[], ...served } as Served;
  state.server = createServer(async (req, res) => {
    state.requests.push(req);
    if (!req.url?.endsWith("/tiny.gguf")) {
      res.writeHead(404).end("not found");
      return;
    }
    const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Math.min(Number(range[2]) + 1, body.length) : body.length;
    res.writeHead(range ? 206 : 200, {
      "content-length": end - start,
      "accept-ranges": "bytes",
      ...(range ? { "content-range": `bytes ${start}-${end - 1}/${body.length}` } : {}),
      "content-type": "application/octet-stream",
    });
    const cut = state.requests.length === 1 ? state.cutAfter : undefined;
    for (let at = start; at < end; at += 65536) {
      if (cut !== undefined && at >= cut) {
        res.destroy();
        return;
      }
      if (state.slowMs) await new Promise((r) => setTimeout(r, state.slowMs));
      if (!res.write(body.subarray(at, Math.min(end, at + 65536)))) await new Promise((r) => res.once("drain", r));
    }
    res.end();
  });
  await new Promise<void>((resolve) => state.server.listen(0, "127.0.0.1", resolve));
  state.base = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  return state;
}

const sha = (buffer: Buffer) => createHash("sha256").update(buffer).digest("hex");

describe("model download (loopback server)", function () {
  this.timeout(60_000);
  let body: Buffer;
  let dir: string;
  before(async () => (body = readFileSync(await tinyModel())));
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "local-slm-download-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("downloads a model with progress; the file is the one served", async () => {
    const served = await serve(body);
    try {
      const progress: number[] = [];
      const path = await downloadModelFile({ url: `${served.base}/m/tiny.gguf`, dir, fileName: "tiny.gguf", onProgress: (p) => progress.push(p.downloadedBytes) });
      assert.equal(sha(readFileSync(path)), sha(body));
      assert.ok(progress.length > 0 && progress.at(-1) === body.length, `${progress.at(-1)}`);
      assert.deepEqual(readdirSync(dir), ["tiny.gguf"], "no lock or temporary file left");
    } finally {
      served.server.close();
    }
  });

  it("a dropped connection is resumed by itself", async () => {
    const served = await serve(body, { cutAfter: 300_000 });
    try {
      const path = await downloadModelFile({ url: `${served.base}/m/tiny.gguf`, dir, fileName: "tiny.gguf" });
      assert.equal(sha(readFileSync(path)), sha(body));
      assert.ok(served.requests.length >= 2, "it reconnected");
    } finally {
      served.server.close();
    }
  });

  it("a cancelled download leaves no model file, nothing is listed, and the next attempt completes", async () => {
    // ipull writes in pieces of several MB: a file big enough to be cut after some were written.
    const big = Buffer.concat([body, Buffer.alloc(24 << 20)]);
    const served = await serve(big, { slowMs: 2 });
    try {
      const abort = new AbortController();
      const first = downloadModelFile({ url: `${served.base}/m/tiny.gguf`, dir, fileName: "tiny.gguf", signal: abort.signal, onProgress: (p) => { if (p.downloadedBytes > 12 << 20) abort.abort(); } });
      await assert.rejects(first, /cancelled/);
      assert.equal(existsSync(join(dir, "tiny.gguf")), false, "the final name appears only when complete");
      const listed = await discoverModels([{ source: "test", path: dir }]);
      assert.deepEqual(listed.models, [], `partial files are not offered: ${readdirSync(dir)}`);
      const path = await downloadModelFile({ url: `${served.base}/m/tiny.gguf`, dir, fileName: "tiny.gguf" });
      assert.equal(sha(readFileSync(path)), sha(big));
    } finally {
      served.server.close();
    }
  });

  it("a refused download (404) says so in one line", async () => {
    const served = await serve(body);
    try {
      await assert.rejects(downloadModelFile({ url: `${served.base}/m/missing.gguf`, dir, fileName: "missing.gguf" }), (error: Error) => {
        assert.ok(error instanceof DownloadError);
        assert.match(error.message, /Could not download missing\.gguf/);
        assert.ok(!error.message.includes("\n"));
        return true;
      });
    } finally {
      served.server.close();
    }
  });

  it("cancels at once and a second window's download of the same file is refused while one runs", async () => {
    const served = await serve(body, { slowMs: 50 });
    try {
      const abort = new AbortController();
      const first = downloadModelFile({ url: `${served.base}/m/tiny.gguf`, dir, fileName: "tiny.gguf", signal: abort.signal });
      await new Promise((r) => setTimeout(r, 300));
      const lockFile = join(dir, "tiny.gguf.lock");
      assert.ok(existsSync(lockFile));
      const second = downloadModelFile({ url: `${served.base}/m/tiny.gguf`, dir, fileName: "tiny.gguf" });
      await assert.rejects(second, /already being downloaded|Could not lock/);
      abort.abort();
      await assert.rejects(first, /cancelled/);
      assert.equal(existsSync(join(dir, "tiny.gguf")), false);
    } finally {
      served.server.close();
    }
  });

  it("uses https only, except to this machine", () => {
    assert.throws(() => assertAllowedUrl("http://example.com/model.gguf"), /only https/);
    assert.doesNotThrow(() => assertAllowedUrl("https://huggingface.co/x.gguf"));
    assert.doesNotThrow(() => assertAllowedUrl("http://127.0.0.1:8080/x.gguf"));
  });
});
