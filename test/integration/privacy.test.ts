// The product's promise: nothing leaves the machine. The CLI and the engine tests run in a network
// namespace with no interfaces at all, and again under a guard that records any connection to
// anything but loopback (the guard is shown to catch one, so these tests can fail).
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, ROOT, tinyModel } from "./fixtures";
import { LlamaServer } from "./serverFixture";

const GUARD = join(ROOT, "scripts/privacy/denyNetwork.cjs");
const MOCHA = join(ROOT, "node_modules/mocha/bin/mocha.js");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, timeout = 180_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, env: { ...process.env, LOCAL_SLM_MODEL: "", ...env }, timeout, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** True when this machine lets us make a network namespace (root, or unprivileged user namespaces). */
function canUnshareNetwork(): boolean {
  try {
    execFileSync("unshare", ["-n", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function cliCommands(model: string, dir: string): Promise<string[][]> {
  const source = join(dir, "add.ts");
  writeFileSync(source, "export function add(a: number, b: number): number {\n  return \n}\n");
  return [
    ["info", "--model", model, "--json", "--threads", "1"],
    ["generate", "--model", model, "--prompt", "Hello", "--max-tokens", "8", "--json", "--threads", "1"],
    ["complete", "--model", model, "--file", source, "--line", "2", "--column", "10", "--json", "--threads", "1"],
  ];
}

describe("privacy: nothing leaves the machine", function () {
  this.timeout(300_000);
  let dir: string;
  let model: string;
  before(async () => {
    model = await tinyModel();
    dir = mkdtempSync(join(tmpdir(), "local-slm-privacy-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const isolation = canUnshareNetwork() ? "a network namespace with no interfaces (unshare -n)" : "the connection guard (no network namespaces here)";

  it(`the CLI works in ${isolation}`, async () => {
    for (const args of await cliCommands(model, dir)) {
      const result = canUnshareNetwork()
        ? await run("unshare", ["-n", process.execPath, CLI, ...args])
        : await run(process.execPath, ["--require", GUARD, CLI, ...args], { LOCAL_SLM_NETWORK_LOG: join(dir, "isolated.log") });
      assert.equal(result.code, 0, `${args[0]}: ${result.stderr}`);
      assert.doesNotThrow(() => JSON.parse(result.stdout), `${args[0]} printed JSON`);
    }
  });

  it(`the engine's integration tests pass in ${isolation}`, async () => {
    const mocha = [MOCHA, "--require", "tsx/cjs", "--timeout", "120000", "test/integration/engine.test.ts"];
    const result = canUnshareNetwork()
      ? await run("unshare", ["-n", process.execPath, ...mocha])
      : await run(process.execPath, mocha, { NODE_OPTIONS: `--require ${GUARD}`, LOCAL_SLM_NETWORK_LOG: join(dir, "isolated.log") });
    assert.equal(result.code, 0, result.stdout.slice(-3000) + result.stderr.slice(-2000));
    assert.match(result.stdout, /\d+ passing/);
    assert.doesNotMatch(result.stdout, /failing|pending/);
  });

  it("the CLI and the engine (host and worker) open no connection except to loopback", async () => {
    const log = join(dir, "connections.log");
    const guarded = { NODE_OPTIONS: `--require ${GUARD}`, LOCAL_SLM_NETWORK_LOG: log };
    for (const args of await cliCommands(model, dir)) {
      const result = await run(process.execPath, [CLI, ...args], guarded);
      assert.equal(result.code, 0, `${args[0]}: ${result.stderr}`);
    }
    const tests = await run(process.execPath, [MOCHA, "--require", "tsx/cjs", "--timeout", "120000", "test/integration/engine.test.ts", "test/integration/completion.test.ts"], guarded);
    assert.equal(tests.code, 0, tests.stdout.slice(-3000) + tests.stderr.slice(-2000));
    assert.equal(existsSync(log) ? readFileSync(log, "utf8") : "", "", "connections refused by the guard");
  });

  it("with a server backend, the CLI connects to the configured loopback server and nowhere else", async () => {
    const server = await LlamaServer.start({ model, slots: 1 });
    try {
      const trace = join(dir, "server-trace.log");
      const log = join(dir, "server-refused.log");
      const guarded = { NODE_OPTIONS: `--require ${GUARD}`, LOCAL_SLM_NETWORK_LOG: log, LOCAL_SLM_NETWORK_TRACE: trace };
      const source = join(dir, "add.ts");
      writeFileSync(source, "export function add(a: number, b: number): number {\n  return \n}\n");
      const commands = [
        ["generate", "--server", server.url, "--prompt", "Hello", "--max-tokens", "8", "--json"],
        ["complete", "--server", server.url, "--file", source, "--line", "2", "--column", "10", "--json"],
        // Hybrid: the local model is there too (it answers only if the server cannot).
        ["sentiment", "--server", server.url, "--model", model, "--threads", "1", "--json", source],
      ];
      for (const args of commands) {
        const result = await run(process.execPath, [CLI, ...args], guarded);
        assert.equal(result.code, 0, `${args[0]}: ${result.stderr}`);
        assert.doesNotThrow(() => JSON.parse(result.stdout), `${args[0]} printed JSON`);
      }
      const seen = new Set(readFileSync(trace, "utf8").trim().split("\n").map((line) => line.replace(/^pid \d+ connect /, "")));
      assert.deepEqual([...seen], [`127.0.0.1:${server.port}`], "only the configured server");
      assert.equal(existsSync(log) ? readFileSync(log, "utf8") : "", "", "connections refused by the guard");
    } finally {
      await server.stop();
    }
  });

  it("the guard does catch a connection to another machine (so the test above can fail)", async () => {
    const log = join(dir, "caught.log");
    const script = join(dir, "connect.js");
    writeFileSync(script, 'fetch("https://example.com/").then(() => process.exit(0), () => process.exit(3));');
    const result = await run(process.execPath, ["--require", GUARD, script], { LOCAL_SLM_NETWORK_LOG: log });
    assert.equal(result.code, 3, "the fetch failed");
    assert.match(readFileSync(log, "utf8"), /connect to example\.com:443/);
  });
});
