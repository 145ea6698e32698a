// Summarize a text of any length: when it fits the context, one streamed summary; otherwise split
// on paragraph boundaries, summarize each part ("part 3 of 7"), then summarize the summaries
// (again in parts if they are still too long). Cancel stops at once at any stage.
import { EngineError, EngineErrorCode } from "../protocol/errors";
import type { Timings } from "../protocol/types";
import { cleanModelText } from "./cleanModelText";
import { splitText } from "./splitText";
import { BASE_SUMMARY_STOPS, summaryMaxTokens, summaryPrompt } from "./summaryPrompt";
import { planSummary } from "./summaryPlan";
import type { TextEngine } from "./textEngine";

export interface SummarizeOptions {
  words: number;
  signal?: AbortSignal;
  onProgress?(progress: { stage: "part" | "combine"; index: number; total: number }): void;
  /** Text of the final summary as it is generated. */
  onDelta?(delta: string): void;
  /** Benchmarks on random-weight models: keep generating to the length limit. */
  ignoreEndOfGeneration?: boolean;
}

export interface SummarizeResult {
  text: string;
  /** Parts the input was split into (1 when it fit). */
  parts: number;
  timings: Timings;
}

export async function summarizeText(engine: TextEngine, text: string, options: SummarizeOptions): Promise<SummarizeResult> {
  if (text.trim() === "") throw new EngineError(EngineErrorCode.Internal, "There is no text to summarize (it is empty or only whitespace).");
  const model = await engine.ensureModel();
  // What the instruction costs in this model's tokens (a byte-level vocabulary pays much more),
  // plus room for the chat template's own markers.
  const instruction = summaryPrompt("", options.words, "partSummaries", model.chatTemplate);
  const [instructionTokens] = await engine.countTokens(["messages" in instruction ? instruction.messages.map((m) => m.content).join("\n") : instruction.prompt]);
  // Decided before generating anything: a context too small for this text and length is refused
  // in one line saying what would work, instead of running for many minutes (summaryPlan.ts).
  const [textTokens] = await engine.countTokens([text]);
  const plan = planSummary({ contextSize: model.contextSize, words: options.words, instructionTokens: instructionTokens!, textTokens: textTokens!, textWords: countWords(text) });
  if (!plan.ok) throw new EngineError(EngineErrorCode.PromptTooLong, plan.message);
  const budget = plan.budget;
  const timings = emptyTimings();
  const run = async (input: string, kind: "text" | "partSummaries", words: number, stream: boolean) => {
    throwIfCancelled(options.signal);
    const prompt = summaryPrompt(input, words, kind, model.chatTemplate);
    const sampling = { maxTokens: summaryMaxTokens(words), temperature: 0, ignoreEndOfGeneration: options.ignoreEndOfGeneration };
    // What is shown and returned is cleaned of U+FFFD and control characters (cleanModelText.ts).
    const onDelta = options.onDelta;
    const onPartialText = stream && onDelta ? (delta: string) => {
      const clean = cleanModelText(delta);
      if (clean !== "") onDelta(clean);
    } : undefined;
    const request = { signal: options.signal, onPartialText };
    // A base model continues past its summary (the next "Text:", another quote): stop there.
    const result = "messages" in prompt
      ? await engine.chat({ ...sampling, messages: prompt.messages }, request)
      : await engine.generate({ ...sampling, prompt: prompt.prompt, sequence: "text", stop: BASE_SUMMARY_STOPS }, request);
    if (result.stopReason === "aborted") throwIfCancelled(options.signal);
    add(timings, result.timings);
    return cleanModelText(result.text).trim();
  };

  const parts = await splitText(text, budget, (texts) => engine.countTokens(texts));
  if (parts.length === 1) return { text: await run(text, "text", options.words, true), parts: 1, timings };

  // Each part's summary gets an equal share of a generous total, so the combined input fits.
  const partWords = Math.min(options.words, Math.max(30, Math.floor((budget / parts.length) / 1.6)));
  const summaries: string[] = [];
  for (const [i, part] of parts.entries()) {
    options.onProgress?.({ stage: "part", index: i + 1, total: parts.length });
    summaries.push(await run(part, "text", partWords, false));
  }
  let round = 0;
  let current = summaries;
  for (;;) {
    // Each round divides the text by the parts' size over their summaries' size: 2 or 3 rounds
    // for megabytes. The bound only guards against a model that never shortens anything.
    if (++round > 8) throw new EngineError(EngineErrorCode.Internal, "The part summaries did not get shorter; try a shorter text or a larger context.");
    const joined = current.map((s, i) => `Part ${i + 1}: ${s}`).join("\n\n");
    const groups = await splitText(joined, budget, (texts) => engine.countTokens(texts));
    if (groups.length === 1) {
      options.onProgress?.({ stage: "combine", index: round, total: round });
      return { text: await run(joined, "partSummaries", options.words, true), parts: parts.length, timings };
    }
    const next: string[] = [];
    for (const [i, group] of groups.entries()) {
      options.onProgress?.({ stage: "combine", index: i + 1, total: groups.length });
      next.push(await run(group, "partSummaries", partWords, false));
    }
    current = next;
  }
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new EngineError(EngineErrorCode.Cancelled, "Summary cancelled.");
}

export function emptyTimings(): Timings {
  return { promptTokens: 0, promptTokensEvaluated: 0, promptTokensReused: 0, generatedTokens: 0, promptMs: 0, generationMs: 0, totalMs: 0 };
}

/** Adds the counts and durations of `more` to `total` (a load figure such as otherBusyCores is not a sum: left out). */
export function add(total: Timings, more: Timings): void {
  for (const key of Object.keys(emptyTimings()) as (keyof Timings)[]) total[key] = Math.round(((total[key] ?? 0) + (more[key] ?? 0)) * 10) / 10;
}
