// `local-slm bench next-edit`: replays an editing session (renaming `quantity` to `stock`, one
// occurrence at a time, in session-files/inventory.ts) and asks for the next edit after each step,
// as the editor would after the pause. Prints latency p50/p95, prompt tokens and the prompt tokens
// actually evaluated (the rest reused from the KV cache), and how often the proposed edit was the
// next rename. Figures only, never asserted.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { linesFromText } from "../../completion/context/documentLines";
import { EditHistory } from "../../nextEdit/editHistory";
import { proposeNextEdit } from "../../nextEdit/nextEditRequest";
import { replayEdits, type ReplayedEdit } from "../../nextEdit/replayEdits";
import { withEngine } from "../engineSession";
import { intOption, parse } from "../options";
import { printResult } from "../output";
import { percentile, round } from "./stats";

const FILE = "inventory.ts";
const FROM = "quantity";
const TO = "stock";

export async function nextEditBench(args: string[]): Promise<void> {
  const { values } = parse(args, { steps: { type: "string" } });
  const source = readFileSync(join(__dirname, "..", "src", "cli", "bench", "session-files", FILE), "utf8") // dist/cli.js -> the repo;
  const renames = renameSteps(source);
  const steps = Math.min(renames.length, intOption("steps", values.steps, renames.length, 1));
  const say = (line: string) => !values.json && process.stderr.write(`${line}\n`);
  const rows = await withEngine(
    values,
    async (engine) => {
      const model = await engine.ensureModel();
      say(`bench next-edit: ${model.name}, ${model.threads} threads, ${steps} steps (rename ${FROM} -> ${TO} in ${FILE})`);
      const out = [];
      for (let step = 1; step <= steps; step++) {
        const history = new EditHistory();
        const text = replayEdits(history, FILE, source, renames.slice(0, step));
        const done = renames[step - 1]!;
        const cursor = { line: done.startLine - 1, character: done.startColumn - 1 + TO.length };
        const outcome = await proposeNextEdit(engine, { filePath: FILE, doc: linesFromText(text, "typescript"), cursor, hunks: history.hunks(FILE), original: history.original(FILE) });
        if (outcome.kind === "aborted" || outcome.kind === "noWindow") continue;
        const next = renames[step];
        const hit = outcome.kind === "edits" && next !== undefined && outcome.edits.some((e) => e.startLine === next.startLine - 1 && e.newText.includes(TO));
        out.push({ step, ms: outcome.timings.totalMs, promptTokens: outcome.timings.promptTokens, evaluated: outcome.timings.promptTokensEvaluated, generated: outcome.timings.generatedTokens, kind: outcome.kind === "edits" ? `${outcome.edits.length} edits` : `rejected: ${outcome.reason}`, hit });
        say(`  step ${step}: ${out[out.length - 1]!.ms} ms, prompt ${outcome.timings.promptTokens} (${outcome.timings.promptTokensEvaluated} evaluated), ${out[out.length - 1]!.kind}${hit ? ", the next rename" : ""}`);
      }
      return out;
    },
    { nextEditSequence: true },
  );
  const ms = rows.map((r) => r.ms);
  const summary = {
    steps: rows.length,
    p50Ms: round(percentile(ms, 50)),
    p95Ms: round(percentile(ms, 95)),
    meanPromptTokens: round(mean(rows.map((r) => r.promptTokens))),
    meanPromptTokensEvaluated: round(mean(rows.map((r) => r.evaluated))),
    nextRenameProposed: rows.filter((r) => r.hit).length,
  };
  printResult(!!values.json, values.json ? { ...summary, rows } : summary);
}

/** Each occurrence of FROM as a word, as one replace edit, in order (positions shift by none: same line). */
export function renameSteps(source: string): ReplayedEdit[] {
  const steps: ReplayedEdit[] = [];
  source.split("\n").forEach((line, i) => {
    let shift = 0;
    for (const match of line.matchAll(new RegExp(`\\b${FROM}\\b`, "g"))) {
      const column = match.index! + shift + 1;
      steps.push({ startLine: i + 1, startColumn: column, endLine: i + 1, endColumn: column + FROM.length, text: TO });
      shift += TO.length - FROM.length;
    }
  });
  return steps;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
