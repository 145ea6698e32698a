#!/usr/bin/env node
// Packages the extension as a platform-specific VSIX that installs and runs with no network:
// the compiled extension (dist/), node-llama-cpp with its runtime dependencies (unbundled), and
// only the target platform's prebuilt llama.cpp binaries.
//
//   node scripts/package-vsix.mjs [--target linux-x64|linux-arm64|linux-armhf|darwin-arm64|darwin-x64|win32-x64|win32-arm64]
//                                 [--gpu vulkan|cuda] [--out FILE] [--max-mb N] [--quiet] [--keep-stage]
//
// How: a staged copy of the extension under .cache/vsix-stage/<target>-XXXX/ (removed afterwards
// unless --keep-stage) gets a node_modules that
// holds exactly the production dependency closure (walked from package.json through each
// package's own package.json), with the @node-llama-cpp/* prebuilt packages pruned to the
// target's. npm installs every compatible platform's optional package here, so packaging the
// repository in place would ship them all. A target whose package npm did not install (another
// OS) is fetched with `npm pack` at node-llama-cpp's exact version. `.vscodeignore` applies inside
// the stage. Then the VSIX's listing is checked and its size printed (and capped).
// `npm run package` builds first (npm run build) and then runs this script.
import { execFileSync } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const { binaryPlatform } = require("./binaryPlatform.cjs");

/** vsce target -> the @node-llama-cpp packages with its prebuilt binaries, and its os/cpu. */
export const TARGETS = {
  "linux-x64": { os: "linux", cpu: "x64", packages: ["linux-x64"], gpu: { vulkan: ["linux-x64-vulkan"], cuda: ["linux-x64-cuda", "linux-x64-cuda-ext"] } },
  "linux-arm64": { os: "linux", cpu: "arm64", packages: ["linux-arm64"], gpu: {} },
  "linux-armhf": { os: "linux", cpu: "arm", packages: ["linux-armv7l"], gpu: {} },
  "darwin-arm64": { os: "darwin", cpu: "arm64", packages: ["mac-arm64-metal"], gpu: {} },
  "darwin-x64": { os: "darwin", cpu: "x64", packages: ["mac-x64"], gpu: {} },
  "win32-x64": { os: "win32", cpu: "x64", packages: ["win-x64"], gpu: { vulkan: ["win-x64-vulkan"], cuda: ["win-x64-cuda", "win-x64-cuda-ext"] } },
  "win32-arm64": { os: "win32", cpu: "arm64", packages: ["win-arm64"], gpu: {} },
};

/** The CPU-only linux-x64 VSIX must stay at or under this (issue 3); others get a warning. */
const DEFAULT_MAX_MB = 45;

/** Files in node-llama-cpp only needed to build llama.cpp from source: never copied or shipped. */
const SOURCE_BUILD_ONLY = [
  "node_modules/node-llama-cpp/llama/gitRelease.bundle",
  "node_modules/node-llama-cpp/llama/llama.cpp",
  "node_modules/node-llama-cpp/llama/localBuilds",
  "node_modules/node-llama-cpp/templates",
];

function fail(message) {
  console.error(`package-vsix: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = { target: currentTarget(), gpu: undefined, out: undefined, maxMb: undefined, quiet: false, keepStage: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    if (a === "--target" || a.startsWith("--target=")) args.target = value();
    else if (a === "--gpu" || a.startsWith("--gpu=")) args.gpu = value();
    else if (a === "--out" || a.startsWith("--out=")) args.out = resolve(value());
    else if (a === "--max-mb" || a.startsWith("--max-mb=")) args.maxMb = Number(value());
    else if (a === "--quiet") args.quiet = true;
    else if (a === "--keep-stage") args.keepStage = true;
    else if (a === "--help" || a === "-h") {
      console.log(`usage: node scripts/package-vsix.mjs [--target ${Object.keys(TARGETS).join("|")}] [--gpu vulkan|cuda] [--out FILE] [--max-mb N]`);
      process.exit(0);
    } else fail(`unknown argument ${a}`);
  }
  if (!TARGETS[args.target]) fail(`unknown target "${args.target}"; one of: ${Object.keys(TARGETS).join(", ")}`);
  if (args.gpu !== undefined && !TARGETS[args.target].gpu[args.gpu]) {
    fail(`--gpu ${args.gpu} is not available for ${args.target} (has: ${Object.keys(TARGETS[args.target].gpu).join(", ") || "none"})`);
  }
  return args;
}

function currentTarget() {
  const cpu = process.arch === "arm" ? "armhf" : process.arch;
  const target = `${process.platform}-${cpu}`;
  return TARGETS[target] ? target : "linux-x64";
}

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** Node's lookup: the nearest node_modules/<name> from `fromDir` up to the repository root. */
function resolvePackageDir(fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    if (basename(dir) !== "node_modules") {
      const candidate = join(dir, "node_modules", name);
      if (existsSync(join(candidate, "package.json"))) return candidate;
    }
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}

function matchesPlatform(pkg, target) {
  const ok = (list, value) => {
    if (!Array.isArray(list) || list.length === 0) return true;
    if (list.includes(`!${value}`)) return false;
    const positive = list.filter((e) => !e.startsWith("!"));
    return positive.length === 0 || positive.includes(value);
  };
  if (!ok(pkg.os, target.os) || !ok(pkg.cpu, target.cpu)) return false;
  // musl builds only for Alpine targets, which are not produced here.
  if (Array.isArray(pkg.libc) && !pkg.libc.includes("glibc")) return false;
  if (/-musl$/.test(pkg.name ?? "")) return false;
  return true;
}

/**
 * The production dependency closure, as package directories relative to the repository root.
 * @node-llama-cpp/* binaries are excluded here and added separately for the target.
 */
function productionClosure(target) {
  const manifest = readJson(join(root, "package.json"));
  const found = new Map(); // rel dir -> package.json
  const missingRequired = [];
  const queue = Object.keys(manifest.dependencies ?? {}).map((name) => ({ from: root, name, optional: false, by: "package.json" }));
  while (queue.length > 0) {
    const { from, name, optional, by } = queue.shift();
    if (name.startsWith("@node-llama-cpp/")) continue;
    const dir = resolvePackageDir(from, name);
    if (!dir) {
      if (!optional) missingRequired.push(`${name} (needed by ${by})`);
      continue;
    }
    const rel = relative(root, dir).split(sep).join("/");
    if (found.has(rel)) continue;
    const pkg = readJson(join(dir, "package.json"));
    if (optional && !matchesPlatform(pkg, target)) continue;
    found.set(rel, pkg);
    for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push({ from: dir, name: dep, optional: Object.hasOwn(pkg.optionalDependencies ?? {}, dep), by: pkg.name });
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) queue.push({ from: dir, name: dep, optional: true, by: pkg.name });
  }
  if (missingRequired.length > 0) fail(`dependencies missing from node_modules (run npm ci): ${missingRequired.join(", ")}`);
  return found;
}

/** Copies the target's @node-llama-cpp packages into the stage, fetching them with npm pack if npm did not install them. */
function stageBinaries(stage, packages, version) {
  for (const short of packages) {
    const name = `@node-llama-cpp/${short}`;
    const dest = join(stage, "node_modules", name);
    const local = join(root, "node_modules", name);
    if (existsSync(join(local, "package.json"))) {
      const have = readJson(join(local, "package.json")).version;
      if (have !== version) fail(`${name} is ${have} in node_modules but node-llama-cpp is ${version}: run npm ci`);
      cpSync(local, dest, { recursive: true, dereference: true });
      continue;
    }
    const cache = join(root, ".cache", "vsix-packages");
    mkdirSync(cache, { recursive: true });
    const tarball = join(cache, `node-llama-cpp-${short}-${version}.tgz`);
    if (!existsSync(tarball)) {
      console.log(`package-vsix: ${name}@${version} is not installed here (another platform): fetching it with npm pack`);
      let out;
      try {
        out = execFileSync("npm", ["pack", `${name}@${version}`, "--pack-destination", cache, "--json"], { cwd: cache, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      } catch (error) {
        const summary = /"summary":\s*"([^"]+)"/.exec(String(error.stdout ?? ""))?.[1] ?? String(error.stderr ?? error.message).split("\n").find((l) => /error/i.test(l)) ?? error.message;
        fail(`cannot get ${name}@${version} (the target's prebuilt binaries, which must match node-llama-cpp ${version} exactly) from the npm registry: ${summary}`);
      }
      const file = JSON.parse(out)[0].filename;
      const packed = join(cache, basename(file));
      if (packed !== tarball) cpSync(packed, tarball), rmSync(packed);
    }
    mkdirSync(dest, { recursive: true });
    execFileSync("tar", ["-xzf", tarball, "-C", dest, "--strip-components=1"], { stdio: "inherit" });
  }
}

/**
 * Every native binary in the stage must be built for the target: the registry's package for one
 * platform has been seen holding another's (@node-llama-cpp/linux-armv7l 3.21.1 and 3.22.1 hold
 * aarch64 builds), and a VSIX with them would not load on the machines it is for.
 */
function checkNativeBinaries(stageModules, target) {
  const wrong = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && /\.(node|so|dylib|dll|exe)$/.test(entry.name)) {
        const fd = openSync(p, "r");
        const head = Buffer.alloc(4096);
        const n = readSync(fd, head, 0, head.length, 0);
        closeSync(fd);
        const platform = binaryPlatform(head.subarray(0, n));
        if (platform && (platform.os !== target.os || (platform.cpu !== target.cpu && platform.cpu !== "universal"))) {
          wrong.push(`${relative(stageModules, p).split(sep).join("/")} is built for ${platform.os} ${platform.cpu}`);
        }
      }
    }
  };
  walk(stageModules);
  return wrong;
}

function listVsix(vsixPath) {
  try {
    return execFileSync("unzip", ["-Z1", vsixPath], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }).split("\n").filter(Boolean);
  } catch (error) {
    if (error.code === "ENOENT") {
      console.warn("package-vsix: `unzip` is not installed: skipping the check of the VSIX's contents");
      return undefined;
    }
    throw error;
  }
}

/** Checks what the VSIX holds; returns the problems found. */
export function checkVsixEntries(entries, targetName, binaryPackages) {
  const problems = [];
  const has = (p) => entries.includes(p);
  for (const required of [
    "extension/package.json",
    "extension/dist/extension.js",
    "extension/dist/worker.js",
    "extension/dist/cli.js",
    "extension/node_modules/node-llama-cpp/package.json",
    "extension/node_modules/vscode-jsonrpc/package.json",
    ...binaryPackages.map((p) => `extension/node_modules/@node-llama-cpp/${p}/package.json`),
  ]) {
    if (!has(required)) problems.push(`missing ${required}`);
  }
  const platformPackages = new Set(entries.map((e) => /^extension\/node_modules\/@node-llama-cpp\/([^/]+)\//.exec(e)?.[1]).filter(Boolean));
  for (const p of platformPackages) if (!binaryPackages.includes(p)) problems.push(`another platform's binaries: @node-llama-cpp/${p}`);
  const forbidden = [
    [/^extension\/src\//, "sources"],
    [/^extension\/test\//, "tests"],
    [/^extension\/dist-test\//, "compiled tests"],
    [/^extension\/\.cache\//, "caches"],
    [/^extension\/scripts\//, "scripts"],
    [/\.gguf$/i, "a model file"],
    [/gitRelease\.bundle$/, "llama.cpp's source bundle"],
    [/^extension\/node_modules\/node-llama-cpp\/llama\/llama\.cpp\//, "llama.cpp's sources"],
    [/^extension\/node_modules\/(typescript|@typescript|mocha|esbuild|@esbuild|tsx|@vscode\/vsce|playwright-core|@types)\//, "a development dependency"],
    [/\.map$/, "a source map"],
  ];
  for (const [pattern, what] of forbidden) {
    const hit = entries.find((e) => pattern.test(e));
    if (hit) problems.push(`${what} in the VSIX: ${hit}`);
  }
  return problems;
}

function dirSize(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) total += dirSize(p);
    else if (entry.isFile()) total += statSync(p).size;
  }
  return total;
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const target = TARGETS[args.target];
  const binaryPackages = [...target.packages, ...(args.gpu ? target.gpu[args.gpu] : [])];
  const manifest = readJson(join(root, "package.json"));
  const variant = args.target + (args.gpu ? `-${args.gpu}` : "");
  const vsixPath = args.out ?? join(root, `${manifest.name}-${variant}-${manifest.version}.vsix`);

  for (const file of ["dist/extension.js", "dist/worker.js", "dist/cli.js"]) {
    if (!existsSync(join(root, file))) fail(`${file} is missing: run npm run build first (npm run package does)`);
  }
  for (const file of ["README.md", "LICENSE", ".vscodeignore"]) {
    if (!existsSync(join(root, file))) fail(`${file} is missing`);
  }
  const llamaVersion = readJson(join(root, "node_modules/node-llama-cpp/package.json")).version;

  // 1. The stage: the extension's own files. One per run, so that concurrent runs do not collide.
  mkdirSync(join(root, ".cache", "vsix-stage"), { recursive: true });
  // Its real path: with .cache a symlink (a git worktree sharing another's), vsce resolves the
  // stage's files through the link, sees them under ".cache/", which .vscodeignore excludes, and
  // reports the entry point missing.
  const stage = realpathSync(mkdtempSync(join(root, ".cache", "vsix-stage", `${variant}-`)));
  process.on("exit", () => {
    if (!args.keepStage) rmSync(stage, { recursive: true, force: true });
  });
  mkdirSync(join(stage, "dist"), { recursive: true });
  const stagedManifest = { ...manifest };
  delete stagedManifest.devDependencies; // nothing to build in the stage, and vsce checks none of it
  delete stagedManifest.scripts; // no vscode:prepublish: dist/ is already built
  writeFileSync(join(stage, "package.json"), `${JSON.stringify(stagedManifest, null, 2)}\n`);
  for (const file of ["README.md", "LICENSE", ".vscodeignore", "CHANGELOG.md"]) {
    if (existsSync(join(root, file))) cpSync(join(root, file), join(stage, file));
  }
  for (const file of readdirSync(join(root, "dist"))) {
    if (file.endsWith(".js")) cpSync(join(root, "dist", file), join(stage, "dist", file));
  }
  if (existsSync(join(root, "media"))) {
    cpSync(join(root, "media"), join(stage, "media"), { recursive: true, filter: (src) => !src.includes(`${sep}sample-workspace`) });
  }

  // 2. node_modules: the production closure, then the target's binaries.
  const closure = productionClosure(target);
  for (const rel of closure.keys()) {
    cpSync(join(root, rel), join(stage, rel), {
      recursive: true,
      dereference: true,
      filter: (src) => {
        const r = relative(root, src).split(sep).join("/");
        if (SOURCE_BUILD_ONLY.some((p) => r === p || r.startsWith(`${p}/`))) return false;
        // Nested node_modules are copied as packages of the closure on their own (or left out).
        return !(r !== rel && r.startsWith(`${rel}/node_modules`));
      },
    });
  }
  stageBinaries(stage, binaryPackages, llamaVersion);
  const wrongBinaries = checkNativeBinaries(join(stage, "node_modules"), target);
  if (wrongBinaries.length > 0) {
    fail(`native binaries for another platform, not ${target.os} ${target.cpu} (${args.target}): no VSIX is built, it would not load there (the registry's package holds these builds; another node-llama-cpp version, or llama.cpp built for the target, is needed):\n  ${wrongBinaries.slice(0, 5).join("\n  ")}${wrongBinaries.length > 5 ? `\n  ... and ${wrongBinaries.length - 5} more` : ""}`);
  }
  if (!args.quiet) {
    console.log(`package-vsix: staged ${closure.size} packages + @node-llama-cpp/{${binaryPackages.join(",")}}@${llamaVersion} (${mb(dirSize(join(stage, "node_modules")))} on disk)`);
  }

  // 3. vsce, non-interactively: no prompt can fire (LICENSE present, repository check bypassed).
  const vsce = require("@vscode/vsce");
  rmSync(vsixPath, { force: true });
  mkdirSync(dirname(vsixPath), { recursive: true });
  const saved = { log: console.log, info: console.info, warn: console.warn };
  if (args.quiet) console.log = console.info = console.warn = () => undefined; // vsce's listing and bundling advice
  try {
    await vsce.createVSIX({
      cwd: stage,
      packagePath: vsixPath,
      target: args.target,
      // vsce lists the stage's dependencies with `npm list --production`: the stage's node_modules
      // holds exactly the closure, so that is what ships (.vscodeignore trims inside packages).
      dependencies: true,
      useYarn: false,
      allowMissingRepository: true,
      skipLicense: false,
    });
  } finally {
    Object.assign(console, saved);
  }

  // 4. Check the result.
  const size = statSync(vsixPath).size;
  const entries = listVsix(vsixPath);
  if (entries) {
    const problems = checkVsixEntries(entries, args.target, binaryPackages);
    if (problems.length > 0) fail(`the VSIX is wrong:\n  ${problems.join("\n  ")}`);
    const groups = new Map();
    for (const e of entries) {
      const m = /^extension\/(node_modules\/(@[^/]+\/)?[^/]+|[^/]+)/.exec(e);
      const key = m ? m[1] : e;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    if (!args.quiet) console.log(`package-vsix: ${entries.length} files; checked: dist/, node-llama-cpp, only @node-llama-cpp/{${binaryPackages.join(",")}}, no sources, tests, models, caches, source maps or llama.cpp source bundle`);
  }
  const maxMb = args.maxMb ?? DEFAULT_MAX_MB;
  const limitApplies = args.maxMb !== undefined || (args.target === "linux-x64" && !args.gpu);
  console.log(`VSIX: ${vsixPath}`);
  console.log(`VSIX size: ${mb(size)} (${size} bytes)${limitApplies ? `; limit ${maxMb} MB` : ""}`);
  if (size > maxMb * 1024 * 1024) {
    if (limitApplies) fail(`the VSIX is ${mb(size)}, over the ${maxMb} MB limit`);
    console.warn(`package-vsix: note: ${mb(size)} is over ${maxMb} MB (the limit applies to the CPU-only linux-x64 VSIX)`);
  }
}

await main();
