// `local-slm bench text`: sentiment per line (label scoring vs free generation plus parsing, same
// lines, same run) and summarize time per 1,000 input words, in one part and split. Figures only.
import { EngineClient } from "../../host/engineClient";
import { resolveThreadCount } from "../../shared/threads";
import { classifyLines, SENTIMENT_LABELS } from "../../text/sentiment";
import { summarizeText } from "../../text/summarize";
import { workerPath } from "../engineSession";
import { intOption, modelPathOption, parse } from "../options";
import { printResult } from "../output";
import { round } from "./stats";
import { forkWorker } from "../../host/engineWorker";

const OPINIONS = ["love", "hate", "like", "dislike", "enjoy", "regret buying", "recommend", "returned"];
const THINGS = ["this app", "the new update", "the battery life", "customer support", "the price", "the design", "the sync feature", "dark mode"];
const ENDINGS = ["!", ".", ", works fine.", ", never again.", " so far.", " :)", " :(", ", meh."];

/** Review-like lines, deterministic. */
export function reviewLines(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `I ${OPINIONS[i % 8]} ${THINGS[(i * 5 + 3) % 8]}${ENDINGS[(i * 3 + 1) % 8]}`);
}

/** Prose of about `words` words in paragraphs of 60-120 words. */
export function proseWords(words: number): string {
  const vocabulary = ["the", "team", "shipped", "a", "release", "with", "faster", "sync", "and", "fewer", "crashes", "users", "asked", "for", "offline", "mode", "support", "replied", "within", "hours"];
  const paragraphs: string[] = [];
  let written = 0;
  for (let p = 0; written < words; p++) {
    const length = Math.min(words - written, 60 + ((p * 37) % 61));
    paragraphs.push(`${Array.from({ length }, (_, i) => vocabulary[(p * 7 + i * 3) % vocabulary.length]).join(" ")}.`);
    written += length;
  }
  return paragraphs.join("\n\n");
}

export async function textBench(args: string[]): Promise<void> {
  const { values } = parse(args, { lines: { type: "string" }, words: { type: "string" } });
  const modelPath = modelPathOption(values.model);
  const threads = resolveThreadCount(intOption("threads", values.threads, 0));
  const lineCount = intOption("lines", values.lines, 500, 1);
  const splitWords = intOption("words", values.words, 6000, 100);
  const contextSize = intOption("context-size", values["context-size"], 4096, 256);
  const say = (line: string) => !values.json && process.stderr.write(`${line}\n`);
  const engine = new EngineClient({
    createWorker: forkWorker({ workerPath: workerPath() }),
    getConfig: () => ({ modelPath, threads, contextSize, gpu: "off", idleUnloadMs: 0 }),
    log: ({ level, message }) => level === "error" && process.stderr.write(`[worker] ${message}\n`),
  });
  try {
    const model = await engine.ensureModel();
    say(`bench text: ${model.name}, ${threads} threads, context ${model.contextSize}, chat template: ${model.chatTemplate}`);
    const lines = reviewLines(lineCount);

    let started = performance.now();
    const scored = await classifyLines(engine, lines.join("\n"));
    const scoredS = (performance.now() - started) / 1000;
    say(`  sentiment by label scores: ${lines.length} lines in ${round(scoredS)} s`);

    started = performance.now();
    let invalid = 0;
    for (const line of lines) {
      // The usual way: ask for a word, then parse whatever came back. Two tokens is what an
      // instruct model answers with ("positive" + end of turn); a random model is held to it.
      const answer = await engine.chat({
        messages: [
          { role: "system", content: "Classify the sentiment of the text. Answer with one word: positive, negative or neutral." },
          { role: "user", content: line },
        ],
        maxTokens: 2,
        temperature: 0,
        ignoreEndOfGeneration: true,
      });
      if (!SENTIMENT_LABELS.some((label) => answer.text.toLowerCase().includes(label))) invalid++;
    }
    const freeS = (performance.now() - started) / 1000;
    say(`  sentiment by free generation + parsing: ${lines.length} lines in ${round(freeS)} s, ${invalid} answers not a label`);

    const single = proseWords(Math.floor(model.contextSize / 8));
    const singleRun = await timedSummary(engine, single);
    say(`  summarize, one part: ${wordCount(single)} words in ${round(singleRun.ms)} ms (${singleRun.parts} part)`);
    const split = proseWords(splitWords);
    const splitRun = await timedSummary(engine, split);
    say(`  summarize, split: ${wordCount(split)} words in ${round(splitRun.ms)} ms (${splitRun.parts} parts)`);

    const perThousand = (run: { ms: number }, text: string) => round((run.ms / wordCount(text)) * 1000);
    printResult(true, {
      model: model.name,
      threads,
      lines: lines.length,
      sentimentLinesPerSecond: round(lines.length / scoredS, 2),
      sentimentFreeGenerationLinesPerSecond: round(lines.length / freeS, 2),
      sentimentSpeedup: round(freeS / scoredS, 2),
      freeGenerationInvalidAnswers: invalid,
      labelsFromScoring: scored.totals,
      summarizeMsPer1000Words: perThousand(splitRun, split),
      summarizeSinglePartMsPer1000Words: perThousand(singleRun, single),
      summarizeSplitParts: splitRun.parts,
      summarizeSplitMsPer1000Words: perThousand(splitRun, split),
    });
  } finally {
    await engine.dispose();
  }
}

async function timedSummary(engine: EngineClient, text: string): Promise<{ ms: number; parts: number }> {
  const started = performance.now();
  const result = await summarizeText(engine, text, { words: 100, ignoreEndOfGeneration: true });
  return { ms: performance.now() - started, parts: result.parts };
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
