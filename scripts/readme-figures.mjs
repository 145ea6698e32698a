#!/usr/bin/env node
// Regenerates the README's completion-benchmark figures (table and the sentences that read them)
// from the record the last run wrote (media/bench-completion.json, `npm run bench:completion`),
// between the markers <!-- figures:completion --> and <!-- /figures:completion -->. Nothing in
// that block is written by hand, so the prose cannot drift from the numbers again.
// `--check` exits 1 when the README is not what the record gives (a unit test runs it).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const START = "<!-- figures:completion -->";
const END = "<!-- /figures:completion -->";

export function completionFigures(record) {
  const { result: ours, date, model, threads, keystrokes, cpu, loadAverageAtEnd, command, sampling } = record;
  const naive = ours.naive;
  const n = (x) => (Number.isFinite(x) ? x.toLocaleString("en-US") : "n/a");
  const ms = (x) => `${n(Math.round(x))} ms`;
  const row = (label, a, b) => `| ${label} | ${a} | ${b} |`;
  const ratio = (d) => `${d.p50} (p10 ${d.p10}, p90 ${d.p90}; ${d.n} answers)`;
  const lines = [
    `Latest run: ${date}, \`${command}\`, ${model}${sampling ? ` sampled at temperature ${sampling.temperature} (seed from each request's text)` : ""}, ${threads} threads, ${cpu}, ${n(keystrokes)} keystrokes; load average at the end ${loadAverageAtEnd.join(" / ")}.`,
    "",
    "| figure | ours (the editor's session) | naive |",
    "|---|---|---|",
    row("suggestions shown", n(ours.shown), n(naive.shown)),
    row("of which first lines streamed / from the cache", `${n(ours.streamedFirstLines)} / ${n(ours.fromCache)}`, `${n(naive.streamedFirstLines)} / ${n(naive.fromCache)}`),
    row("latency p50 / p95, last keystroke to suggestion", `${ms(ours.p50Ms)} / ${ms(ours.p95Ms)}`, `${ms(naive.p50Ms)} / ${ms(naive.p95Ms)}`),
    row("compute floor p50 of the shown answers", ms(ours.floorP50Ms), ms(naive.floorP50Ms)),
    row("latency / floor per answer, median", ratio(ours.ratioToFloor), ratio(naive.ratioToFloor)),
    row("the same without the wait for a pause in typing", `${ours.ratioToFloorAfterDebounce.p50} (debounce p50 ${ms(ours.debounceP50Ms)})`, `${naive.ratioToFloorAfterDebounce.p50} (debounce ${ms(naive.debounceP50Ms)})`),
    row("prompt tokens evaluated per request p50 (reused)", `${n(ours.promptTokensEvaluatedP50)} (${n(ours.promptTokensReusedP50)})`, `${n(naive.promptTokensEvaluatedP50)} (${n(naive.promptTokensReusedP50)})`),
    row("generated tokens per request p50", n(ours.generatedTokensP50), n(naive.generatedTokensP50)),
    row("share of compute on aborted or unseen work", n(ours.wastedCpuShare), n(naive.wastedCpuShare)),
    "",
    `Read from the table: ours shows a suggestion ${ms(ours.p50Ms)} after the last keystroke at p50 ` +
      `(${ours.p50Ms <= naive.p50Ms ? `${n(Math.round((1 - ours.p50Ms / naive.p50Ms) * 100))}% sooner than` : `${n(Math.round((ours.p50Ms / naive.p50Ms - 1) * 100))}% later than`} naive's ${ms(naive.p50Ms)}) ` +
      `and ${ms(ours.p95Ms)} at p95 (naive ${ms(naive.p95Ms)}). Each answer took ${ours.ratioToFloor.p50} times its own compute floor at the median, ` +
      `${ours.ratioToFloorAfterDebounce.p50} times once the wait for a pause in typing is taken out. ` +
      `${Math.round(ours.wastedCpuShare * 100)}% of our compute went to requests nobody saw (naive: ${Math.round(naive.wastedCpuShare * 100)}%). ` +
      `With ${n(ours.shown)} and ${n(naive.shown)} suggestions shown, a p95 rests on one or two samples.`,
  ];
  return lines.join("\n");
}

export function render(readme, record) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} block`);
  return `${readme.slice(0, start + START.length)}\n${completionFigures(record)}\n${readme.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readmePath = join(root, "README.md");
  const record = JSON.parse(readFileSync(join(root, "media", "bench-completion.json"), "utf8"));
  const readme = readFileSync(readmePath, "utf8");
  const next = render(readme, record);
  if (process.argv.includes("--check")) {
    if (next !== readme) {
      console.error("README.md's completion figures differ from media/bench-completion.json: run node scripts/readme-figures.mjs");
      process.exit(1);
    }
  } else {
    writeFileSync(readmePath, next);
    console.log("README.md: completion figures regenerated from media/bench-completion.json");
  }
}
