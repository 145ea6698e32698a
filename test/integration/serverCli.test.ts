// The CLI with --server: the same commands against a real llama-server on a loopback port, the
// API named or detected, the local model behind it when --model is given too, and bench server.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertBuilt, CLI, tinyModel } from "./fixtures";
import { freePort, LlamaServer, ollamaStandIn, type StandIn } from "./serverFixture";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, LOCAL_SLM_MODEL: "", LOCAL_SLM_SERVER_API_KEY: "", ...env }, timeout: 110_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe("local-slm CLI with --server", function () {
  this.timeout(120_000);
  let llama: LlamaServer;
  let ollama: StandIn;
  let dir: string;
  let source: string;
  let notes: string;
  before(async () => {
    assertBuilt();
    llama = await LlamaServer.start({ model: await tinyModel(), slots: 2, apiKey: "cli-key" });
    dir = mkdtempSync(join(tmpdir(), "local-slm-server-cli-"));
    source = join(dir, "add.ts");
    writeFileSync(source, "export function add(a: number, b: number): number {\n  return \n}\n");
    notes = join(dir, "notes.txt");
    writeFileSync(notes, "The release went well. Two bugs were fixed and nobody was paged.\n");
  });
  after(async () => {
    await ollama?.close();
    await llama?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const key = { LOCAL_SLM_SERVER_API_KEY: "cli-key" };

  it("complete, generate, summarize and sentiment print the same JSON as with a local model", async () => {
    const runs: [string[], string[]][] = [
      [["complete", "--file", source, "--line", "2", "--column", "10"], ["text", "promptTokens", "generatedTokens"]],
      [["generate", "--prompt", "Hello", "--max-tokens", "8"], ["text", "stopReason", "generatedTokens"]],
      [["summarize", notes, "--words", "20"], ["text", "parts"]],
      [["sentiment", notes], ["label", "confidence", "scores"]],
    ];
    for (const [args, keys] of runs) {
      const run = await cli([...args, "--server", llama.url, "--json"], key);
      assert.equal(run.code, 0, `${args[0]}: ${run.stderr}`);
      const json = JSON.parse(run.stdout);
      for (const k of keys) assert.ok(k in json, `${args[0]} prints ${k}`);
    }
  });

  it("--server-api openai uses the OpenAI-compatible endpoints of the same server", async () => {
    const run = await cli(["generate", "--prompt", "Hello", "--max-tokens", "6", "--server", llama.url, "--server-api", "openai", "--json"], key);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).generatedTokens, 6);
  });

  it("detects Ollama and completes through its API", async () => {
    ollama = await ollamaStandIn(llama);
    const run = await cli(["complete", "--file", source, "--line", "2", "--column", "10", "--server", ollama.url, "--json"]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(ollama.seen.includes("POST /api/generate"), ollama.seen.join(", "));
  });

  it("one line naming the problem and the option: a wrong key, nothing listening, a bad --server-api", async () => {
    const wrong = await cli(["generate", "--prompt", "Hi", "--server", llama.url, "--json"], { LOCAL_SLM_SERVER_API_KEY: "nope" });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /^local-slm: The server at http:\/\/127\.0\.0\.1:\d+ refused the API key \(HTTP 401: Invalid API Key\): set it with LOCAL_SLM_SERVER_API_KEY\.\n$/);
    const port = await freePort();
    const down = await cli(["generate", "--prompt", "Hi", "--server", `http://127.0.0.1:${port}`]);
    assert.match(down.stderr, /^local-slm: Cannot reach the server at http:\/\/127\.0\.0\.1:\d+ \(connection refused\): is it running\? Check --server\.\n$/);
    const api = await cli(["generate", "--prompt", "Hi", "--server", llama.url, "--server-api", "vllm"]);
    assert.match(api.stderr, /^local-slm: --server-api must be llama-server, openai, ollama \(or absent: detected\), got "vllm"\.\n$/);
  });

  it("with --model too, the local model answers when the server cannot", async () => {
    const port = await freePort();
    const run = await cli(["generate", "--prompt", "Hello", "--max-tokens", "4", "--server", `http://127.0.0.1:${port}`, "--model", await tinyModel(), "--threads", "1", "--json", "--verbose"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).generatedTokens, 4);
    assert.match(run.stderr, /\[answered by local: Cannot reach the server/);
  });

  it("bench server drives several simulated users", async () => {
    const run = await cli(["bench", "server", "--server", llama.url, "--users", "1,2", "--requests", "2", "--think", "0", "--json"], key);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.deepEqual(result.rows.map((r: { users: number; requests: number }) => [r.users, r.requests]), [[1, 2], [2, 4]]);
    for (const row of result.rows) assert.ok(row.p50Ms > 0 && row.p95Ms >= row.p50Ms, JSON.stringify(row));
  });
});
