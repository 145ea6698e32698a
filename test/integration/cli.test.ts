// The CLI as a user runs it: a real process, real files, exit codes and one-line errors.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { badModels, CLI, tinyModel } from "./fixtures";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, LOCAL_SLM_MODEL: "", ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe("local-slm CLI", function () {
  it("info --json describes the model", async () => {
    const run = await cli(["info", "--model", await tinyModel(), "--json", "--threads", "1"]);
    assert.equal(run.code, 0, run.stderr);
    const info = JSON.parse(run.stdout);
    for (const key of ["name", "architecture", "fileSizeBytes", "contextLength", "fim", "chatTemplate", "backend"]) assert.ok(key in info, key);
    assert.equal(info.architecture, "llama");
    assert.equal(info.fim, true);
    assert.equal(info.backend, "cpu");
  });

  it("generate --json returns the text and its timings", async () => {
    const run = await cli(["generate", "--prompt", "Hello", "--max-tokens", "8", "--seed", "3", "--json"], { LOCAL_SLM_MODEL: await tinyModel() });
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    for (const key of ["text", "promptTokensEvaluated", "promptTokensReused", "generatedTokens", "promptMs", "generationMs"]) assert.ok(key in result, key);
    assert.equal(typeof result.text, "string");
    assert.ok(result.promptTokensEvaluated > 0);
  });

  it("make-test-model writes the same bytes for the same seed", async () => {
    const hashes: string[] = [];
    for (const name of ["a", "b"]) {
      const out = join(tmpdir(), `local-slm-cli-${process.pid}-${name}.gguf`);
      const run = await cli(["make-test-model", "--shape", "tiny", "--out", out, "--seed", "5", "--json"]);
      assert.equal(run.code, 0, run.stderr);
      hashes.push(createHash("sha256").update(readFileSync(out)).digest("hex"));
      rmSync(out);
    }
    assert.equal(hashes[0], hashes[1]);
  });

  it("says which model is missing, on one line, with a non-zero exit", async () => {
    const bad = await badModels();
    for (const path of [bad.missing, bad.textFile, bad.truncated, bad.missingTensors, bad.tooLarge]) {
      const run = await cli(["info", "--model", path, "--json"]);
      assert.notEqual(run.code, 0);
      assert.equal(run.stdout, "");
      const lines = run.stderr.trim().split("\n");
      assert.equal(lines.length, 1, run.stderr);
      assert.ok(lines[0]!.includes(path), lines[0]);
    }
    // The fix it names is the command line's own option, not the editor's setting.
    const missing = await cli(["info", "--model", bad.missing]);
    assert.match(missing.stderr, /Model file not found: .* Pass an existing \.gguf file with --model PATH/);
    assert.doesNotMatch(missing.stderr, /localSlm\.modelPath/);
  });

  it("sentiment --per-line counts one skipped blank line in the singular", async () => {
    const file = join(tmpdir(), `local-slm-lines-${process.pid}.txt`);
    writeFileSync(file, "I love it.\n\nIt broke after a day.\n");
    try {
      const run = await cli(["sentiment", "--model", await tinyModel(), "--threads", "1", "--per-line", file]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /; 1 blank line skipped\n$/);
    } finally {
      rmSync(file);
    }
  });

  it("complete prints the suggestion the editor would show, or why there is none", async () => {
    const file = join(tmpdir(), `local-slm-complete-${process.pid}.ts`);
    writeFileSync(file, "function add(a: number, b: number): number {\n  return \n}\n");
    try {
      const run = await cli(["complete", "--model", await tinyModel(), "--file", file, "--line", "2", "--column", "10", "--json", "--threads", "1"]);
      assert.equal(run.code, 0, run.stderr);
      const result = JSON.parse(run.stdout);
      assert.equal(typeof result.text, "string");
      if (result.text === "") assert.equal(typeof result.reason, "string");
      for (const key of ["promptTokensEvaluated", "promptTokensReused", "generatedTokens", "promptMs", "generationMs"]) assert.ok(key in result, key);
      const past = await cli(["complete", "--model", await tinyModel(), "--file", file, "--line", "9", "--column", "1"]);
      assert.notEqual(past.code, 0);
      assert.match(past.stderr, /--line 9 is past the end/);
    } finally {
      rmSync(file);
    }
  });

  it("asks for a model when none is given", async () => {
    const run = await cli(["info"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /pass --model PATH or set LOCAL_SLM_MODEL/);
  });

  it("rejects unknown commands and options clearly", async () => {
    assert.match((await cli(["frobnicate"])).stderr, /Unknown command "frobnicate"/);
    assert.match((await cli(["generate", "--bogus"])).stderr, /Unknown option '--bogus'/);
  });
});
