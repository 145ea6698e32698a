// Builds the VSIX for every target vsce knows that node-llama-cpp has binaries for (and the GPU
// variants), opens each (a zip) and checks its file list: the target's prebuilt llama.cpp binaries
// are there, built for that OS and CPU (read from each binary's header), and no other platform's.
// Slow (a packaging run per variant, other platforms' binaries fetched once with npm pack into
// .cache/vsix-packages): `npm run test:package`, not part of test:unit.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { binaryPlatform } from "../../../scripts/binaryPlatform.cjs";
import { ZipFile } from "./zipEntries";

const root = resolve(__dirname, "../../..");
const script = join(root, "scripts/package-vsix.mjs");

interface Variant {
  target: string;
  gpu?: "vulkan" | "cuda";
  os: "linux" | "darwin" | "win32";
  cpu: string;
  packages: string[];
}

const VARIANTS: Variant[] = [
  { target: "darwin-arm64", os: "darwin", cpu: "arm64", packages: ["mac-arm64-metal"] },
  { target: "darwin-x64", os: "darwin", cpu: "x64", packages: ["mac-x64"] },
  { target: "win32-x64", os: "win32", cpu: "x64", packages: ["win-x64"] },
  { target: "win32-arm64", os: "win32", cpu: "arm64", packages: ["win-arm64"] },
  { target: "linux-x64", os: "linux", cpu: "x64", packages: ["linux-x64"] },
  { target: "linux-arm64", os: "linux", cpu: "arm64", packages: ["linux-arm64"] },
  { target: "linux-armhf", os: "linux", cpu: "arm", packages: ["linux-armv7l"] },
  { target: "linux-x64", gpu: "vulkan", os: "linux", cpu: "x64", packages: ["linux-x64", "linux-x64-vulkan"] },
  { target: "win32-x64", gpu: "vulkan", os: "win32", cpu: "x64", packages: ["win-x64", "win-x64-vulkan"] },
  { target: "linux-x64", gpu: "cuda", os: "linux", cpu: "x64", packages: ["linux-x64", "linux-x64-cuda", "linux-x64-cuda-ext"] },
  { target: "win32-x64", gpu: "cuda", os: "win32", cpu: "x64", packages: ["win-x64", "win-x64-cuda", "win-x64-cuda-ext"] },
];

const NATIVE = /\.(node|so|dylib|dll|exe)$/;

describe("VSIX for every platform", function () {
  this.timeout(30 * 60_000);
  let out: string;

  before(() => {
    if (!existsSync(join(root, "dist/extension.js"))) execFileSync(process.execPath, [join(root, "esbuild.mjs")], { cwd: root, stdio: "inherit" });
    out = mkdtempSync(join(tmpdir(), "local-slm-vsix-"));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  for (const v of VARIANTS) {
    const name = v.target + (v.gpu ? `-${v.gpu}` : "");
    it(`${name}: that platform's binaries and no other's`, () => {
      const vsix = join(out, `${name}.vsix`);
      const args = [script, "--target", v.target, "--out", vsix, "--quiet", ...(v.gpu ? ["--gpu", v.gpu] : [])];
      let printed: string;
      try {
        printed = execFileSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 16 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
      } catch (error) {
        // The packager refuses a target whose registry binaries are built for another CPU (seen:
        // @node-llama-cpp/linux-armv7l holds aarch64 builds). Accepted only when that is true.
        const stderr = String((error as { stderr?: unknown }).stderr ?? "");
        assert.match(stderr, /native binaries for another platform/, `package-vsix failed:\n${stderr}`);
        const addon = join(root, "node_modules/@node-llama-cpp", v.packages[0]!, "bins", v.packages[0]!, "llama-addon.node");
        assert.ok(existsSync(addon), `the packager refused ${name}, and ${addon} is not installed to confirm it:\n${stderr}`);
        const platform = binaryPlatform(readFileSync(addon).subarray(0, 4096));
        assert.ok(platform && (platform.os !== v.os || platform.cpu !== v.cpu), `the packager refused ${name}, but ${addon} is built for ${JSON.stringify(platform)}`);
        process.stdout.write(`      ${name}: refused: @node-llama-cpp/${v.packages[0]} on the registry is built for ${platform!.os} ${platform!.cpu}\n`);
        return;
      }
      const size = /VSIX size: ([\d.]+ MB)/.exec(printed)?.[1];
      assert.ok(size, `package-vsix printed no size:\n${printed}`);
      process.stdout.write(`      ${name}: ${size}\n`);

      const zip = new ZipFile(vsix);
      const names = zip.names();
      const manifest = zip.read("extension.vsixmanifest").toString("utf8");
      assert.match(manifest, new RegExp(`TargetPlatform="${v.target}"`), "the manifest names the target");
      for (const file of ["extension/package.json", "extension/dist/extension.js", "extension/dist/worker.js", "extension/node_modules/node-llama-cpp/package.json"]) {
        assert.ok(names.includes(file), `missing ${file}`);
      }
      const platformPackages = new Set(names.map((n) => /^extension\/node_modules\/@node-llama-cpp\/([^/]+)\//.exec(n)?.[1]).filter((p): p is string => p !== undefined));
      assert.deepEqual([...platformPackages].sort(), [...v.packages].sort(), "exactly the target's @node-llama-cpp packages");

      const natives = names.filter((n) => NATIVE.test(n));
      assert.ok(natives.some((n) => /llama-addon\.node$/.test(n)), "the llama.cpp addon is there");
      // Other packages may ship native code too (reflink, an optional dependency, for linux-x64):
      // every native binary, wherever it is, must be built for the target.
      for (const n of natives) {
        const platform = binaryPlatform(zip.read(n));
        if (!platform) continue; // text files named .so (linker scripts) and the like
        assert.equal(platform.os, v.os, `${n} is built for ${platform.os}`);
        if (platform.cpu !== "universal") assert.equal(platform.cpu, v.cpu, `${n} is built for ${platform.cpu}`);
      }
      if (v.target === "darwin-arm64") assert.ok(names.some((n) => /metal/i.test(n)), "the Metal build");
      if (v.gpu) assert.ok(names.some((n) => new RegExp(`/bins/[^/]*${v.gpu}[^/]*/`).test(n)), `the ${v.gpu} build`);
      assert.ok(!names.some((n) => /\.gguf$|gitRelease\.bundle$|^extension\/src\//.test(n)), "no models, source bundle or sources");
    });
  }
});
