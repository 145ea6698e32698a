#!/usr/bin/env node
// Builds the test code that runs inside the editor (kept out of esbuild.mjs's product builds):
//   dist-test/runSuite.js, electronIndex.js, *.test.js   the in-editor mocha suite (test/vscode)
//   .cache/e2e/test-runner.vsix                          the test-runner extension (src/test-runner)
// Usage: node scripts/e2e/build-test-code.mjs [--no-vsix] [--vsix-out FILE]
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(import.meta.url);

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: "inline",
  external: ["vscode", "mocha"],
  logLevel: "warning",
};

const testFiles = Object.fromEntries(
  readdirSync(join(root, "test/vscode"))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => [f.replace(/\.ts$/, ""), join(root, "test/vscode", f)]),
);
// Overwrite in place (another run may be using dist-test/ right now); drop outputs of deleted tests.
const outDir = join(root, "dist-test");
await esbuild.build({ ...common, entryPoints: testFiles, outdir: outDir });
for (const f of readdirSync(outDir)) {
  if (f.endsWith(".js") && !Object.hasOwn(testFiles, f.replace(/\.js$/, ""))) rmSync(join(outDir, f), { force: true });
}

if (!process.argv.includes("--no-vsix")) {
  mkdirSync(join(root, ".cache/e2e"), { recursive: true });
  const stage = mkdtempSync(join(root, ".cache/e2e/test-runner-stage-"));
  await esbuild.build({ ...common, sourcemap: false, entryPoints: { runner: join(root, "src/test-runner/extension.ts") }, outdir: join(stage, "dist") });
  cpSync(join(root, "src/test-runner/package.json"), join(stage, "package.json"));
  writeFileSync(join(stage, ".vscodeignore"), "");
  cpSync(join(root, "LICENSE"), join(stage, "LICENSE"));
  writeFileSync(join(stage, "README.md"), "# local-slm test runner\n\nRuns local-slm's in-editor mocha suite inside code-server for the e2e tests. Not for use.\n");
  const i = process.argv.indexOf("--vsix-out");
  const out = i > 0 ? resolve(process.argv[i + 1]) : join(root, ".cache/e2e/test-runner.vsix");
  rmSync(out, { force: true });
  const vsce = require("@vscode/vsce");
  const log = console.log;
  console.log = () => undefined; // vsce's file listing is noise here
  try {
    await vsce.createVSIX({ cwd: stage, packagePath: out, dependencies: false, allowMissingRepository: true });
  } finally {
    console.log = log;
    rmSync(stage, { recursive: true, force: true });
  }
  if (!existsSync(out)) throw new Error(`vsce did not write ${out}`);
  console.log(`build-test-code: dist-test/ and ${out}`);
} else {
  console.log("build-test-code: dist-test/");
}
