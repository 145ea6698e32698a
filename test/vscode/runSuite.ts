// Runs the in-editor mocha suite (dist-test/*.test.js) inside the extension host that loaded this
// module, and returns the results. Launcher-agnostic: called by electronIndex.ts under
// @vscode/test-electron, and by the test-runner extension (src/test-runner) inside code-server.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";

export interface TestResult {
  title: string;
  state: "passed" | "failed" | "pending";
  durationMs?: number;
  error?: string;
}

export interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  tests: TestResult[];
  vscodeVersion: string;
  runtime: string;
}

export async function runSuite(options: { grep?: string; timeoutMs?: number } = {}): Promise<SuiteResults> {
  // mocha is ESM: a real dynamic import (esbuild keeps import() of an external package).
  const mochaModule: { default: typeof import("mocha") } = await import("mocha");
  const Mocha = mochaModule.default;
  const mocha = new Mocha({ ui: "bdd", timeout: options.timeoutMs ?? 30_000, color: false, reporter: "spec" });
  if (options.grep) mocha.grep(options.grep);

  // Load the compiled test files the way mocha does (pre-require sets describe/it on the global),
  // with this module's require: the extension host's hook for `require("vscode")` applies to it.
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith(".test.js"))
    .sort()
    .map((f) => join(__dirname, f));
  if (files.length === 0) throw new Error(`no *.test.js files in ${__dirname}`);
  for (const file of files) {
    mocha.suite.emit("pre-require", globalThis, file, mocha);
    mocha.suite.emit("require", require(file), file, mocha);
    mocha.suite.emit("post-require", globalThis, file, mocha);
  }

  const tests: TestResult[] = [];
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on("pass", (test) => tests.push({ title: test.fullTitle(), state: "passed", durationMs: test.duration }));
    runner.on("fail", (test, error: Error) => tests.push({ title: test.fullTitle(), state: "failed", error: error?.stack ?? String(error) }));
    runner.on("pending", (test) => tests.push({ title: test.fullTitle(), state: "pending" }));
  });
  return {
    passed: tests.filter((t) => t.state === "passed").length,
    failed: tests.filter((t) => t.state === "failed").length,
    pending: tests.filter((t) => t.state === "pending").length,
    tests,
    vscodeVersion: vscode.version,
    runtime: `node ${process.versions.node} (${process.execPath})`,
  };
}
