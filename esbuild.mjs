// Builds the three entry points. node-llama-cpp is never bundled (ESM with top-level await and
// native binaries); it is loaded at run time with a real dynamic import() from the worker and CLI.
import * as esbuild from "esbuild";

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");

/** @type {import("esbuild").BuildOptions} */
const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: !production,
  minify: production,
  external: ["vscode", "node-llama-cpp"],
  logLevel: "info",
};

const builds = [
  { ...common, entryPoints: { extension: "src/extension/extension.ts" }, outdir: "dist" },
  { ...common, entryPoints: { worker: "src/engine/worker.ts" }, outdir: "dist" },
  { ...common, entryPoints: { cli: "src/cli/main.ts" }, outdir: "dist", banner: { js: "#!/usr/bin/env node" } },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log("esbuild: watching for changes");
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
