// LoRA adapters on the real engine: a synthetic adapter written for the tiny model's shape is
// applied (greedy output changes; scale 0 gives the base model's output back) and every
// mismatched adapter is refused with one line naming the file and the reason, the worker healthy.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { EngineClient, EngineConfig } from "../../src/host/engineClient";
import { EngineError, EngineErrorCode } from "../../src/protocol/errors";
import { SHAPES } from "../../src/synthetic/shapes";
import { writeSyntheticLora } from "../../src/synthetic/writeSyntheticLora";
import { engineWith, ROOT, testConfig, tinyModel } from "./fixtures";

const DIR = join(ROOT, ".cache/test-models/lora");
const PROMPT = { prompt: "function add(a, b) {", maxTokens: 16, ignoreEndOfGeneration: true, temperature: 0 };

describe("LoRA adapters", function () {
  this.timeout(120_000);
  let config: EngineConfig;
  let engine: EngineClient;
  let adapter: string;

  before(async () => {
    mkdirSync(DIR, { recursive: true });
    adapter = (await writeSyntheticLora({ base: "tiny", outPath: join(DIR, "tiny-lora.gguf"), seed: 7 })).path;
    config = testConfig(await tinyModel());
    engine = engineWith(config);
  });
  after(() => engine.dispose());

  it("applies an adapter made for the model: the output changes, and at scale 0 it is the base model's again", async () => {
    const base = await engine.generate(PROMPT);
    config.loraAdapters = [{ path: adapter, scale: 1 }];
    const withAdapter = await engine.generate(PROMPT); // the changed setting reloads the model
    assert.deepEqual(engine.loadedModel?.loraAdapters, [{ path: adapter, scale: 1 }], "the model info lists the adapter");
    assert.notEqual(withAdapter.text, base.text, "the adapter changed nothing");
    config.loraAdapters = [{ path: adapter, scale: 0 }];
    const off = await engine.generate(PROMPT);
    assert.equal(off.text, base.text, "scale 0 should give the base model's output");
    config.loraAdapters = [];
  });

  it("refuses adapters that do not fit, each with a clear reason; the engine keeps working", async () => {
    const tiny = await tinyModel();
    const otherShape = (await writeSyntheticLora({ base: { ...SHAPES.tiny, feedForward: SHAPES.tiny.feedForward * 2 }, outPath: join(DIR, "other-shape.gguf") })).path;
    const otherArchitecture = (await writeSyntheticLora({ base: "tiny", architecture: "qwen2", outPath: join(DIR, "qwen2-lora.gguf") })).path;
    const cases: [string, RegExp][] = [
      [otherShape, /was made for a model of another shape: "blk\.0\.ffn_gate\.weight"/],
      [otherArchitecture, /is a LoRA adapter for the "qwen2" architecture but the model is "llama"/],
      [tiny, /is a model, not a LoRA adapter/],
      [join(DIR, "missing-adapter.gguf"), /LoRA adapter not found: .*missing-adapter\.gguf/],
    ];
    for (const [path, reason] of cases) {
      config.loraAdapters = [{ path, scale: 1 }];
      await assert.rejects(engine.generate(PROMPT), (error: EngineError) => {
        assert.equal(error.code, EngineErrorCode.LoraAdapterInvalid, error.message);
        assert.match(error.message, reason);
        assert.ok(error.message.includes(path) && !error.message.includes("\n"), error.message);
        return true;
      });
    }
    config.loraAdapters = [];
    const after = await engine.generate(PROMPT);
    assert.equal(after.timings.generatedTokens, PROMPT.maxTokens);
  });
});
