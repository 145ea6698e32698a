// Each broken model file gets one line naming the problem and the file; the worker stays usable.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EngineError, EngineErrorCode } from "../../src/protocol/errors";
import { type BadModels, badModels, engineWith, testConfig, tinyModel } from "./fixtures";

describe("bad model files", function () {
  let bad: BadModels;
  before(async () => {
    bad = await badModels();
  });

  const cases: { name: keyof BadModels; code: EngineErrorCode; says: RegExp }[] = [
    { name: "missing", code: EngineErrorCode.ModelNotFound, says: /not found/ },
    { name: "directory", code: EngineErrorCode.ModelIsDirectory, says: /is a folder/ },
    { name: "empty", code: EngineErrorCode.ModelEmpty, says: /is empty/ },
    { name: "textFile", code: EngineErrorCode.ModelNotGguf, says: /not a GGUF model/ },
    { name: "truncated", code: EngineErrorCode.ModelTruncated, says: /is truncated: it has .* of the .* its tensors need/ },
    { name: "headerCutShort", code: EngineErrorCode.ModelTruncated, says: /is truncated/ },
    { name: "missingTensors", code: EngineErrorCode.ModelLoadFailed, says: /Could not load .*: .*tensor/ },
    { name: "unknownArchitecture", code: EngineErrorCode.ModelUnsupportedArchitecture, says: /architecture "notarealarch"/ },
    { name: "tooLarge", code: EngineErrorCode.ModelTooLarge, says: /needs about [\d.]+ GiB of memory .* but only [\d.]+ GiB is free/ },
  ];

  for (const c of cases) {
    it(`${c.name}: a one-line message naming the file, and the worker still works`, async () => {
      const path = bad[c.name];
      // The same engine is pointed first at the bad file, then at a good one.
      const config = testConfig(path);
      const engine = engineWith(config);
      try {
        await assert.rejects(engine.ensureModel(), (error: EngineError) => {
          assert.equal(error.code, c.code, error.message);
          assert.match(error.message, c.says);
          assert.ok(error.message.includes(path), `names the file: ${error.message}`);
          assert.ok(!error.message.includes("\n"), "one line");
          return true;
        });
        assert.equal(engine.state.kind, "error");
        const pid = engine.workerPid;
        config.modelPath = await tinyModel();
        const result = await engine.generate({ prompt: "ok", maxTokens: 2, ignoreEndOfGeneration: true });
        assert.equal(result.timings.generatedTokens, 2);
        if (pid !== undefined) assert.equal(engine.workerPid, pid, "the same worker, still healthy");
      } finally {
        await engine.dispose();
      }
    });
  }

  it("a missing model fails once per change, not once per request: no worker round trip until the file or the setting changes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "local-slm-missing-"));
    const path = join(dir, "not-yet.gguf");
    const engine = engineWith(testConfig(path));
    let loads = 0;
    let previous = engine.state.kind;
    engine.onDidChangeState((state) => {
      if (state.kind === "loading" && previous !== "loading") loads++; // not each load-progress step
      previous = state.kind;
    });
    try {
      for (let i = 0; i < 50; i++) {
        await assert.rejects(engine.ensureModel(), (error: EngineError) => error.code === EngineErrorCode.ModelNotFound);
      }
      assert.equal(loads, 1, "50 requests (keystrokes) tried to load once");
      await assert.rejects(engine.ensureModel({ retry: true }), (error: EngineError) => error.code === EngineErrorCode.ModelNotFound);
      assert.equal(loads, 2, "an explicit Load Model tries again");
      copyFileSync(await tinyModel(), path); // the download finished, or the user put the file there
      const info = await engine.ensureModel();
      assert.equal(info.path, path);
      assert.equal(loads, 3);
    } finally {
      await engine.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
