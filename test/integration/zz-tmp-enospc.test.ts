import { createServer } from "node:http";
import { mkdtempSync, readFileSync, symlinkSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downloadModelFile } from "/work/main/src/models/downloadModel";
it("enospc", async function () {
  this.timeout(60000);
  const body = Buffer.concat([readFileSync("/tmp/lt/tiny.gguf"), Buffer.alloc(8 << 20)]);
  const server = createServer((req, res) => {
    const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Number(range[2]) + 1 : body.length;
    res.writeHead(range ? 206 : 200, { "content-length": end - start, "accept-ranges": "bytes", ...(range ? { "content-range": `bytes ${start}-${end - 1}/${body.length}` } : {}) });
    res.end(body.subarray(start, end));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const dir = mkdtempSync(join(tmpdir(), "enospc-"));
  symlinkSync("/dev/full", join(dir, "tiny.gguf.download.ipull"));
  const t = performance.now();
  try {
    await downloadModelFile({ url: `http://127.0.0.1:${(server.address() as any).port}/m/tiny.gguf`, dir, fileName: "tiny.gguf", stallTimeoutMs: 10000 });
    console.log("resolved?!");
  } catch (e) { console.log("rejected", (e as any).code, (e as Error).message, Math.round(performance.now() - t)); }
  console.log(readdirSync(dir));
  server.close();
});
