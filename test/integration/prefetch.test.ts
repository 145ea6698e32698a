// Prefetching the suggestion after the one shown, on the real worker and the tiny model: the spot
// a Tab leads to is asked for once, in the background, and Tab is then answered without asking the
// model again (whatever the random model says there, a suggestion or nothing).
import assert from "node:assert/strict";
import type { CompletionOutcome, InfillEngine } from "../../src/completion/completionPipeline";
import { createCompletionSession } from "../../src/completion/completionSession";
import { linesFromText } from "../../src/completion/context/documentLines";
import type { EngineClient } from "../../src/host/engineClient";
import type { GenerationResult, InfillParams } from "../../src/protocol/types";
import type { RequestOptions } from "../../src/protocol/requestOptions";
import { engineFor, tinyModel } from "./fixtures";

const source = Array.from({ length: 200 }, (_, i) => `function step${i}(value: number): number {\n  return value + ${i};\n}\n`).join("\n");

/**
 * The worker, with each request's prefix and whether it has finished. Its answers say the machine
 * is idle: the load gate is the unit tests' (prefetch.test.ts); here a busy CI machine must not
 * turn the prefetch off.
 */
class RecordingEngine implements InfillEngine {
  calls: Array<{ prefix: string; done: boolean }> = [];
  constructor(private readonly engine: EngineClient) {}
  async infill(params: InfillParams, options?: RequestOptions): Promise<GenerationResult> {
    const call = { prefix: params.prefix, done: false };
    this.calls.push(call);
    try {
      const result = await this.engine.infill(params, options);
      return { ...result, timings: { ...result.timings, otherBusyCores: 0 } };
    } finally {
      call.done = true;
    }
  }
}

async function whole(answer: Promise<CompletionOutcome>): Promise<CompletionOutcome> {
  const outcome = await answer;
  return outcome.rest ? await outcome.rest : outcome;
}

describe("prefetch on the tiny model", function () {
  let engine: EngineClient;
  before(async () => {
    engine = engineFor(await tinyModel());
    await engine.ensureModel();
  });
  after(() => engine.dispose());

  it("asks for the spot after Tab once, in the background, and answers Tab from it", async () => {
    const recording = new RecordingEngine(engine);
    const session = createCompletionSession(recording, { prefetch: () => true });
    const lines = source.split("\n");
    const at = (text: string, line: number) => ({ doc: linesFromText(text, "typescript"), position: { line, character: text.split("\n")[line]!.length }, documentKey: "test://prefetch.ts" });
    let shown: CompletionOutcome | undefined;
    for (let attempt = 1; attempt <= 8 && !shown?.text; attempt++) {
      lines[300] = `  return ${"v".repeat(attempt)}`;
      shown = await whole(session.request(at(lines.join("\n"), 300), undefined, { immediate: true }));
    }
    assert.ok(shown?.text, "the tiny model produced some suggestion");
    const acceptedLines = [...lines];
    const inserted = shown.text.split("\n");
    acceptedLines.splice(300, 1, lines[300] + inserted[0]!, ...inserted.slice(1));
    const acceptedLine = 300 + inserted.length - 1;
    const accepted = at(acceptedLines.join("\n"), acceptedLine);
    const forAccepted = () => recording.calls.filter((c) => c.prefix.endsWith(acceptedLines.slice(0, acceptedLine + 1).join("\n").slice(-300)));
    // The prefetch starts once the whole suggestion is known and the worker has said the machine is idle.
    for (let waited = 0; !(forAccepted().length === 1 && forAccepted()[0]!.done) && waited < 60_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    assert.equal(forAccepted().length, 1, "the spot after Tab was asked for in the background");
    assert.equal(forAccepted()[0]!.done, true);
    const calls = recording.calls.length;
    const afterTab = await session.request(accepted);
    assert.notEqual(afterTab.status, "superseded");
    assert.equal(forAccepted().length, 1, "Tab did not ask the model again");
    if (afterTab.status === "suggestion") assert.equal(afterTab.source, "cache");
    session.cancel();
    assert.ok(recording.calls.length <= calls + 1, "at most the next prefetch started");
  });
});
