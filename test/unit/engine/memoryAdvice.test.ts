import assert from "node:assert/strict";
import { fitAdvice, formatParameters } from "../../../src/engine/memoryAdvice";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
// A 1.5B model in Q8_0 (~1.6 GiB of weights); its context costs ~0.1 MiB a token.
const base = {
  modelBytes: 1.6 * GiB,
  contextBytes: 3.2 * GiB,
  contextSize: 32768,
  parameterCount: 1.54e9,
  contextBytesAt: (size: number) => size * 0.1 * MiB,
};

describe("memory fit advice", () => {
  it("suggests the largest context that fits when the weights fit", () => {
    const advice = fitAdvice({ ...base, availableBytes: 2.5 * GiB });
    assert.match(advice, /set localSlm\.contextSize to 8192 \(about 2\.4 GiB in all\)/);
  });

  it("suggests a smaller quantization with its size when no useful context fits beside these weights", () => {
    const advice = fitAdvice({ ...base, contextBytes: 0.2 * GiB, contextSize: 2048, availableBytes: 1.3 * GiB });
    assert.match(advice, /choose a Q5_K_M file of this model \(about 1\.0 GiB of weights instead of 1\.6 GiB\)/);
  });

  it("suggests a smaller model, with the parameter count that would fit, when no quantization does", () => {
    const advice = fitAdvice({ modelBytes: 68 * GiB, contextBytes: 1 * GiB, contextSize: 4096, parameterCount: 68.5e9, availableBytes: 20 * GiB });
    assert.match(advice, /choose a smaller model: this one has 69B parameters, about 3[0-9]B at Q4_K_M would fit/);
  });

  it("falls back to general advice when the model's size is unknown", () => {
    assert.match(fitAdvice({ modelBytes: 5 * GiB, contextBytes: 1 * GiB, contextSize: 4096, parameterCount: 0, availableBytes: 1 * GiB }), /choose a smaller model or quantization/);
  });

  it("formats parameter counts the way model names do", () => {
    assert.equal(formatParameters(494e6), "494M");
    assert.equal(formatParameters(1.54e9), "1.5B");
    assert.equal(formatParameters(68.5e9), "69B");
  });
});
