// Next edit through the real worker and llama.cpp: a scripted model on the real Qwen2.5-Coder
// vocabulary answers Sweep's prompt with a chosen updated window; the host turns it into edits.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { linesFromText } from "../../src/completion/context/documentLines";
import type { EngineClient } from "../../src/host/engineClient";
import { EditHistory } from "../../src/nextEdit/editHistory";
import { proposeNextEdit, type NextEditEngine, type NextEditInput } from "../../src/nextEdit/nextEditRequest";
import { EngineErrorCode } from "../../src/protocol/errors";
import { SCENARIO_AFTER_EDIT, SCENARIO_BEFORE, SCENARIO_EDIT, SCENARIO_EXPECTED_EDIT, SCENARIO_FILE, writeScenarioModel } from "../../src/synthetic/nextEditScenario";
import { CLI, engineFor, tinyModel } from "./fixtures";

describe("next edit on a scripted model", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "local-slm-next-edit-"));
  let engine: EngineClient;
  let modelPath: string;
  const others: EngineClient[] = [];

  before(async () => {
    modelPath = await writeScenarioModel(join(dir, "scenario.gguf"));
    engine = engineFor(modelPath, { nextEditSequence: true });
  });
  after(async () => {
    await Promise.all([engine?.dispose(), ...others.map((e) => e.dispose())]);
    rmSync(dir, { recursive: true, force: true });
  });

  function scenarioInput(): NextEditInput {
    const history = new EditHistory();
    history.track(SCENARIO_FILE, SCENARIO_BEFORE, 0);
    const { line, startColumn, endColumn, text } = SCENARIO_EDIT;
    history.applyChange(SCENARIO_FILE, { startLine: line, startCharacter: startColumn, endLine: line, endCharacter: endColumn, text }, 10);
    assert.equal(history.current(SCENARIO_FILE)!.join("\n"), SCENARIO_AFTER_EDIT);
    return { filePath: SCENARIO_FILE, doc: linesFromText(SCENARIO_AFTER_EDIT, "javascript"), cursor: { line: 0, character: 15 }, hunks: history.hunks(SCENARIO_FILE), original: history.original(SCENARIO_FILE) };
  }

  it("proposes the matching rename two lines below the cursor", async () => {
    const outcome = await proposeNextEdit(engine, scenarioInput());
    assert.equal(outcome.kind, "edits", JSON.stringify(outcome));
    if (outcome.kind !== "edits") return;
    assert.deepEqual(outcome.edits, [SCENARIO_EXPECTED_EDIT]);
    assert.ok(outcome.timings.generatedTokens > 5);
  });

  it("its own sequence: a completion in between evicts nothing, the same prompt again evaluates one token", async () => {
    await proposeNextEdit(engine, scenarioInput());
    await engine.infill({ prefix: "const x = ", suffix: "\n", maxTokens: 4 }); // the completion sequence
    const again = await proposeNextEdit(engine, scenarioInput());
    assert.equal(again.kind, "edits");
    if (again.kind !== "edits") return;
    assert.equal(again.timings.promptTokensReused, again.timings.promptTokens - 1);
    assert.equal(again.timings.promptTokensEvaluated, 1);
  });

  it("an answer cut at the token limit gives no edit", async () => {
    const cutting: NextEditEngine = { nextEdit: (params, options) => engine.nextEdit({ ...params, maxTokens: 5 }, options) };
    const outcome = await proposeNextEdit(cutting, scenarioInput());
    assert.equal(outcome.kind, "rejected");
    if (outcome.kind === "rejected") assert.equal(outcome.reason, "cut");
  });

  it("a request aborted while it runs gives nothing, and the next one still works", async () => {
    const controller = new AbortController();
    const running = proposeNextEdit(engine, { ...scenarioInput(), hunks: [] }, controller.signal);
    controller.abort();
    assert.equal((await running).kind, "aborted");
    assert.equal((await proposeNextEdit(engine, scenarioInput())).kind, "edits");
  });

  it("a model without <|file_sep|> gets one clear message", async () => {
    const other = engineFor(await tinyModel(), { nextEditSequence: true });
    others.push(other);
    await assert.rejects(proposeNextEdit(other, scenarioInput()), (error: Error & { code?: string }) => {
      assert.equal(error.code, EngineErrorCode.NextEditUnsupported);
      assert.match(error.message, /no <\|file_sep\|> token.*localSlm\.nextEdit\.modelPath/);
      return true;
    });
  });

  it("local-slm next-edit --json: the user's edit replayed from --edits, the proposal in 1-based positions, timings; bad --edits in one line", async () => {
    const file = join(dir, SCENARIO_FILE);
    writeFileSync(file, SCENARIO_BEFORE);
    const { line, startColumn, endColumn, text } = SCENARIO_EDIT;
    writeFileSync(join(dir, "edits.json"), JSON.stringify([{ startLine: line + 1, startColumn: startColumn + 1, endLine: line + 1, endColumn: endColumn + 1, text }]));
    writeFileSync(join(dir, "bad.json"), JSON.stringify([{ startLine: 0, text: "x" }]));
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(process.execPath, [CLI, "next-edit", "--model", modelPath, "--file", file, ...args], { cwd: dir, timeout: 60_000 }, (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
        ),
      );
    const ok = await run(["--line", "1", "--column", "16", "--edits", join(dir, "edits.json"), "--json"]);
    assert.equal(ok.code, 0, ok.stderr);
    const printed = JSON.parse(ok.stdout) as { edits: unknown[]; timings: { promptTokens: number; promptTokensEvaluated: number } };
    const e = SCENARIO_EXPECTED_EDIT;
    assert.deepEqual(printed.edits, [{ startLine: e.startLine + 1, startColumn: e.startColumn + 1, endLine: e.endLine + 1, endColumn: e.endColumn + 1, newText: e.newText }]);
    assert.ok(printed.timings.promptTokens > 0 && printed.timings.promptTokensEvaluated > 0);
    const bad = await run(["--line", "1", "--column", "1", "--edits", join(dir, "bad.json")]);
    assert.equal(bad.code, 2, "a usage error (CliError)");
    assert.match(bad.stderr.trim(), /^local-slm: .*bad\.json: edit 1 needs startLine and startColumn \(integers from 1\)[^\n]*$/);
  });
});
