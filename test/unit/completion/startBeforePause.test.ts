import assert from "node:assert/strict";
import { CompletionPipeline, type InfillEngine } from "../../../src/completion/completionPipeline";
import { linesFromText } from "../../../src/completion/context/documentLines";
import { CompletionScheduler } from "../../../src/completion/scheduling/completionScheduler";
import type { GenerationResult, InfillParams, Timings } from "../../../src/protocol/types";

/** Answers every request at once, with the load figure the test sets (undefined: a server backend). */
class LoadReportingEngine implements InfillEngine {
  calls: InfillParams[] = [];
  otherBusyCores: number | undefined;

  async infill(params: InfillParams): Promise<GenerationResult> {
    this.calls.push(params);
    const timings: Timings = { promptTokens: 10, promptTokensEvaluated: 2, promptTokensReused: 8, generatedTokens: 3, promptMs: 1, generationMs: 1, totalMs: 2 };
    if (this.otherBusyCores !== undefined) timings.otherBusyCores = this.otherBusyCores;
    return { text: "x + 1;", stopReason: "endOfGeneration", timings };
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const at = (text: string) => ({ doc: linesFromText(text, "typescript"), position: { line: 0, character: text.length }, documentKey: "file:///a.ts" });

/** Runs one request to the end (asked for explicitly, so no debounce) so the engine's figure reaches the scheduler. */
async function afterOneAnswer(engine: LoadReportingEngine, allowed: () => boolean): Promise<CompletionScheduler> {
  const scheduler = new CompletionScheduler(new CompletionPipeline(engine), { startBeforePause: allowed });
  await scheduler.request(at("const a = "), undefined, { immediate: true });
  return scheduler;
}

/** Whether a request reaches the engine before any timer can fire (the shortest debounce is 75 ms). */
async function startsAtOnce(engine: LoadReportingEngine, scheduler: CompletionScheduler, text: string): Promise<boolean> {
  const before = engine.calls.length;
  const answer = scheduler.request(at(text));
  await settle();
  const started = engine.calls.length > before;
  scheduler.cancel();
  await answer;
  return started;
}

describe("starting a request before the pause in typing", () => {
  it("starts at the keystroke while allowed and the engine reports an idle machine", async () => {
    const engine = new LoadReportingEngine();
    engine.otherBusyCores = 0.1;
    const scheduler = await afterOneAnswer(engine, () => true);
    assert.equal(await startsAtOnce(engine, scheduler, "const b = "), true);
  });

  it("waits for the pause while other processes keep the CPU busy", async () => {
    const engine = new LoadReportingEngine();
    engine.otherBusyCores = 0.9;
    const scheduler = await afterOneAnswer(engine, () => true);
    assert.equal(await startsAtOnce(engine, scheduler, "const b = "), false);
  });

  it("waits for the pause when not allowed (setting never, on battery, a CPU budget)", async () => {
    const engine = new LoadReportingEngine();
    engine.otherBusyCores = 0;
    const scheduler = await afterOneAnswer(engine, () => false);
    assert.equal(await startsAtOnce(engine, scheduler, "const b = "), false);
  });

  it("waits for the pause before the engine has said anything about the machine", async () => {
    const engine = new LoadReportingEngine();
    const scheduler = new CompletionScheduler(new CompletionPipeline(engine), { startBeforePause: () => true });
    assert.equal(await startsAtOnce(engine, scheduler, "const b = "), false);
  });

  it("waits for the pause again after an answer without a figure (a server backend: no request per keystroke)", async () => {
    const engine = new LoadReportingEngine();
    engine.otherBusyCores = 0;
    const scheduler = await afterOneAnswer(engine, () => true);
    engine.otherBusyCores = undefined;
    await scheduler.request(at("const c = "), undefined, { immediate: true });
    assert.equal(await startsAtOnce(engine, scheduler, "const d = "), false);
  });
});
