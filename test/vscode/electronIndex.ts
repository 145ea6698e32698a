// Entry point for @vscode/test-electron (extensionTestsPath): runs the same suite as the
// code-server test-runner extension and fails the run when a test fails.
import { runSuite } from "./runSuite";

export async function run(): Promise<void> {
  const results = await runSuite({ grep: process.env.LOCAL_SLM_TEST_GREP });
  console.log(`in-editor suite: ${results.passed} passed, ${results.failed} failed, ${results.pending} pending (VS Code ${results.vscodeVersion}, ${results.runtime})`);
  if (results.failed > 0) {
    throw new Error(`${results.failed} in-editor test(s) failed:\n${results.tests.filter((t) => t.state === "failed").map((t) => `- ${t.title}\n${t.error}`).join("\n")}`);
  }
}
