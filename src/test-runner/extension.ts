// A test-only extension, installed beside the product by the e2e harness (never shipped): on
// activation it runs the in-editor mocha suite that LOCAL_SLM_TEST_SUITE points at (the
// repository's dist-test/) and writes the results as JSON to LOCAL_SLM_TEST_RESULTS, which the
// driver waits for. Without those variables it does nothing.
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type * as vscode from "vscode";

interface RunSuiteModule {
  runSuite(options: { grep?: string }): Promise<unknown>;
}

export async function activate(_context: vscode.ExtensionContext): Promise<void> {
  const suiteDir = process.env.LOCAL_SLM_TEST_SUITE;
  const resultsFile = process.env.LOCAL_SLM_TEST_RESULTS;
  if (!suiteDir || !resultsFile) return;
  let results: unknown;
  try {
    const suite = require(join(suiteDir, "runSuite.js")) as RunSuiteModule;
    results = await suite.runSuite({ grep: process.env.LOCAL_SLM_TEST_GREP });
  } catch (error) {
    results = { passed: 0, failed: 1, pending: 0, tests: [{ title: "run the in-editor suite", state: "failed", error: error instanceof Error ? (error.stack ?? error.message) : String(error) }] };
  }
  // Write then rename, so the driver never reads half a file.
  writeFileSync(`${resultsFile}.tmp`, JSON.stringify(results, null, 2));
  renameSync(`${resultsFile}.tmp`, resultsFile);
}

export function deactivate(): void {}
