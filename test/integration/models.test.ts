// Finding models on the machine: only GGUF model files are offered (no partial downloads, no text
// files named .gguf, no projectors), each file once, described by the worker without loading it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { discoverModels } from "../../src/models/discoverModels";
import { knownModelLocations } from "../../src/models/knownLocations";
import { writeSyntheticModel } from "../../src/synthetic/writeSyntheticModel";
import { CLI, engineFor, tinyModel } from "./fixtures";

describe("model discovery and inspection", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "local-slm-models-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("lists GGUF models once each and nothing else; the worker describes them with no model loaded", async () => {
    const tiny = await tinyModel();
    mkdirSync(join(dir, "lmstudio", "org", "repo"), { recursive: true });
    copyFileSync(tiny, join(dir, "lmstudio", "org", "repo", "tiny-q8.gguf"));
    await writeSyntheticModel({ shape: "tiny", outPath: join(dir, "no-fim.gguf"), fim: false, chatTemplate: false, seed: 2 });
    symlinkSync(join(dir, "no-fim.gguf"), join(dir, "link-to-no-fim.gguf"));
    copyFileSync(tiny, join(dir, "partial.gguf.ipull"));
    copyFileSync(tiny, join(dir, "mmproj-model-f16.gguf"));
    writeFileSync(join(dir, "notes.gguf"), "not a model\n".repeat(200));
    mkdirSync(join(dir, "blobs"));
    copyFileSync(tiny, join(dir, "blobs", "sha256-0123abcd"));

    const found = await discoverModels([
      { source: "test", path: dir },
      { source: "Ollama", path: join(dir, "blobs"), extensionless: true },
      { source: "missing", path: join(dir, "does-not-exist") },
    ]);
    const names = found.models.map((m) => m.path.slice(dir.length + 1)).sort();
    assert.ok(names.includes("blobs/sha256-0123abcd"), `an Ollama blob: ${names}`);
    assert.ok(names.includes("lmstudio/org/repo/tiny-q8.gguf"));
    assert.equal(names.filter((n) => n.includes("no-fim")).length, 1, "a file and its symlink are one model");
    assert.ok(!names.some((n) => /ipull|mmproj|notes/.test(n)), names.join(", "));
    assert.deepEqual(found.problems, [], "a folder that does not exist is not a problem");

    const engine = engineFor(undefined);
    try {
      const summaries = await engine.inspectModels(found.models.map((m) => m.realPath));
      assert.equal(engine.loadedModel, undefined, "nothing was loaded");
      for (const s of summaries) assert.ok(s.ok && s.kind === "model" && s.architecture === "llama", JSON.stringify(s));
      const noFim = summaries.find((s) => s.ok && s.path.endsWith("no-fim.gguf"));
      assert.ok(noFim?.ok && noFim.fim === false && noFim.chatTemplate === false);
      const withFim = summaries.find((s) => s.ok && s.path.endsWith("tiny-q8.gguf"));
      assert.ok(withFim?.ok && withFim.fim && withFim.chatTemplate);
      const [broken] = await engine.inspectModels([join(dir, "notes.gguf")]);
      assert.equal(broken!.ok, false);
    } finally {
      await engine.dispose();
    }
  });

  it("stays fast with thousands of files in a folder", async () => {
    const crowded = join(dir, "crowded");
    mkdirSync(crowded);
    for (let i = 0; i < 5000; i++) writeFileSync(join(crowded, `file-${i}.txt`), "x");
    const started = performance.now();
    const found = await discoverModels([{ source: "test", path: crowded }]);
    assert.equal(found.models.length, 0);
    process.stderr.write(`      5,000 files listed in ${Math.round(performance.now() - started)} ms\n`);
  });

  it("a folder that cannot be read or does not exist is named with the reason; the other folders are still listed", async () => {
    // As root every folder is readable: the CLI then runs as the unprivileged "nobody".
    const base = mkdtempSync(join(tmpdir(), "local-slm-unreadable-"));
    chmodSync(base, 0o755);
    const readable = join(base, "readable");
    const locked = join(base, "locked");
    mkdirSync(readable);
    mkdirSync(locked);
    copyFileSync(await tinyModel(), join(readable, "tiny.gguf"));
    copyFileSync(await tinyModel(), join(locked, "hidden.gguf"));
    chmodSync(join(readable, "tiny.gguf"), 0o644);
    chmodSync(locked, 0o000);
    try {
      const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const result = spawnSync(process.execPath, [CLI, "models", "--folder", readable, "--folder", locked, "--folder", join(base, "typo"), "--no-known", "--json"], {
        encoding: "utf8",
        timeout: 60_000,
        env: { ...process.env, HOME: base },
        ...asNobody,
      });
      assert.equal(result.status, 0, result.stderr);
      const out = JSON.parse(result.stdout) as { models: { path: string }[]; problems: { path: string; reason: string }[] };
      assert.deepEqual(out.models.map((m) => m.path), [join(readable, "tiny.gguf")]);
      // Folders are listed concurrently: the problems come in either order.
      assert.deepEqual([...out.problems].sort((a, b) => a.path.localeCompare(b.path)), [
        { path: locked, reason: "permission denied" },
        { path: join(base, "typo"), reason: "does not exist" },
      ]);
    } finally {
      chmodSync(locked, 0o755);
      rmSync(base, { recursive: true, force: true });
    }
  });

  it("`local-slm models` lists the model in use first, marked, though it is in no folder searched", async () => {
    const tiny = await tinyModel();
    const empty = mkdtempSync(join(dir, "empty-"));
    const run = spawnSync(process.execPath, [CLI, "models", "--folder", empty, "--no-known", "--model", tiny], { encoding: "utf8", timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split("\n");
    assert.equal(lines.length, 1, run.stdout);
    assert.match(lines[0]!, /^\* .*\(in use\).*\[FIM/);
    assert.ok(lines[0]!.endsWith(tiny), lines[0]);
    const json = spawnSync(process.execPath, [CLI, "models", "--folder", empty, "--no-known", "--json"], { encoding: "utf8", timeout: 60_000, env: { ...process.env, LOCAL_SLM_MODEL: tiny } });
    const listed = JSON.parse(json.stdout) as { models: { path: string; current: boolean }[] };
    assert.deepEqual(listed.models.map((m) => [m.path, m.current]), [[tiny, true]]);
  });

  it("knows where other tools keep models, on each platform", () => {
    const linux = knownModelLocations({}, "/home/u", "linux").map((l) => l.path);
    assert.ok(linux.includes("/home/u/.cache/huggingface/hub"));
    assert.ok(linux.includes("/home/u/.lmstudio/models"));
    assert.ok(linux.includes("/home/u/.ollama/models/blobs"));
    const mac = knownModelLocations({}, "/Users/u", "darwin").map((l) => l.path);
    assert.ok(mac.includes("/Users/u/Library/Caches/llama.cpp"));
    assert.ok(knownModelLocations({ HF_HUB_CACHE: "/data/hf" }, "/home/u", "linux").some((l) => l.path === "/data/hf"));
  });
});
