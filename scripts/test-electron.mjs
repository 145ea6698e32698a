#!/usr/bin/env node
// `npm run test:electron`: the in-editor mocha suite (test/vscode, built into dist-test/) in a
// desktop VS Code downloaded by @vscode/test-electron, with this repository loaded as the extension
// under development. Needs network access to download VS Code (cached in .vscode-test/) and a
// display (on a headless Linux machine: xvfb-run -a npm run test:electron). Where VS Code cannot
// be downloaded, the same suite runs inside code-server as part of `npm run test:e2e`.
// Env: LOCAL_SLM_VSCODE_EXECUTABLE (use this VS Code, no download), LOCAL_SLM_VSCODE_VERSION
// (default "stable"), LOCAL_SLM_TEST_GREP.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runTests } from "@vscode/test-electron";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
for (const file of ["dist/extension.js", "dist/worker.js", "dist-test/electronIndex.js"]) {
  if (!existsSync(join(root, file))) {
    console.error(`test-electron: ${file} is missing: run npm run build && node scripts/e2e/build-test-code.mjs --no-vsix (npm run test:electron does)`);
    process.exit(1);
  }
}
if (process.platform === "linux" && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.warn("test-electron: no DISPLAY: VS Code (Electron) needs one; on a headless machine run it under xvfb-run -a");
}

const base = mkdtempSync(join(tmpdir(), "local-slm-electron-"));
const workspace = join(base, "sample-workspace");
cpSync(join(root, "media/sample-workspace"), workspace, { recursive: true });
mkdirSync(join(base, "user-data"), { recursive: true });

let exitCode = 0;
try {
  exitCode = await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, "dist-test/electronIndex.js"),
    vscodeExecutablePath: process.env.LOCAL_SLM_VSCODE_EXECUTABLE,
    version: process.env.LOCAL_SLM_VSCODE_VERSION ?? "stable",
    timeout: 60_000,
    launchArgs: [workspace, "--disable-extensions", "--disable-workspace-trust", "--skip-welcome", "--skip-release-notes", `--user-data-dir=${join(base, "user-data")}`],
    extensionTestsEnv: { LOCAL_SLM_TEST_GREP: process.env.LOCAL_SLM_TEST_GREP },
  });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|timeout|download|getaddrinfo|fetch/i.test(message);
  console.error(`test-electron: ${message}`);
  if (offline && !process.env.LOCAL_SLM_VSCODE_EXECUTABLE) {
    console.error("test-electron: VS Code could not be downloaded (no network?). Set LOCAL_SLM_VSCODE_EXECUTABLE to an installed VS Code, or run the same suite inside code-server: npm run test:e2e");
  }
  exitCode = 1;
} finally {
  rmSync(base, { recursive: true, force: true });
}
process.exit(exitCode);
