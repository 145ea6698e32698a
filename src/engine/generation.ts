// The generation loop: chunked prompt evaluation, then one token at a time with every stop
// condition checked between tokens (abort, stop strings, token and time limits).
import { EngineError, EngineErrorCode } from "../protocol/errors";
import type { GenerationResult, SamplingParams, StopReason } from "../protocol/types";
import type { LlamaContextSequence, LlamaModel, Token } from "./nodeLlamaCpp";
import { type ChunkSizer, evaluatePromptInChunks } from "./promptEvaluation";
import { scanForStop } from "./stopStrings";
import { TokenText } from "./tokenText";

export interface GenerationJob {
  model: LlamaModel;
  sequence: LlamaContextSequence;
  promptTokens: Token[];
  sampling: SamplingParams;
  signal: AbortSignal;
  chunkSizer: ChunkSizer;
  /** Awaited before each prompt chunk: the text sequence waits here while completion runs. */
  beforeChunk?: () => Promise<void>;
  /** Ids that end generation like llama.cpp's end-of-generation tokens (the family's control tokens). */
  stopTokens?: ReadonlySet<Token>;
  /** The prompt's last text tokens: the first generated token is detokenized after them (its leading space). */
  textContext?: readonly Token[];
  onDelta?: (delta: string, generatedTokens: number) => void;
  onPromptProgress?: (evaluated: number, total: number) => void;
}

export interface GenerationOutcome {
  result: GenerationResult;
  /** Native work still running after an abort; the sequence must stay locked until it settles. */
  backgroundWork?: Promise<void>;
}

export async function runGeneration(job: GenerationJob): Promise<GenerationOutcome> {
  const started = performance.now();
  const { model, sequence, promptTokens, sampling, signal } = job;
  const maxTokens = Math.max(1, sampling.maxTokens);
  if (promptTokens.length === 0) throw new EngineError(EngineErrorCode.Internal, "The prompt is empty.");
  if (promptTokens.length + maxTokens > sequence.contextSize) {
    throw new EngineError(
      EngineErrorCode.PromptTooLong,
      `The prompt has ${promptTokens.length} tokens and asks for ${maxTokens} more, but the context holds ${sequence.contextSize}: shorten the input or raise localSlm.contextSize.`,
    );
  }

  const lastToken = promptTokens[promptTokens.length - 1]!;
  const prompt = await evaluatePromptInChunks(sequence, promptTokens.slice(0, -1), signal, job.chunkSizer, job.onPromptProgress, job.beforeChunk);
  const timings: GenerationResult["timings"] = {
    promptTokens: promptTokens.length,
    promptTokensEvaluated: prompt.evaluated,
    promptTokensReused: prompt.reused,
    generatedTokens: 0,
    promptMs: 0,
    generationMs: 0,
    totalMs: 0,
  };
  const finish = (text: string, stopReason: StopReason, firstTokenAt?: number): GenerationResult => {
    const end = performance.now();
    timings.promptMs = round((firstTokenAt ?? end) - started);
    timings.generationMs = round(firstTokenAt === undefined ? 0 : end - firstTokenAt);
    timings.totalMs = round(end - started);
    return { text, stopReason, timings };
  };
  if (prompt.aborted) return { result: finish("", "aborted"), backgroundWork: prompt.backgroundWork };

  timings.promptTokensEvaluated++; // the last prompt token is evaluated with the first sampled one
  const deadline = sampling.timeLimitMs ? started + sampling.timeLimitMs : Infinity;
  const stops = sampling.stop ?? [];
  const output = new TokenText(model, job.textContext ?? textTail(model, promptTokens));
  const stopTokens = job.stopTokens ?? new Set<Token>();
  let stopToken: GenerationResult["stopToken"];
  let emitted = 0;
  let firstTokenAt: number | undefined;
  let stopReason: StopReason = "maxTokens";
  let stopAt: number | undefined;

  // Prompt lookup (when the sequence has a predictor): node-llama-cpp's own completion classes hand
  // it the input; this loop calls evaluate directly, so it must do the same.
  sequence.tokenPredictor?.updateInputTokens(promptTokens);
  const predictionsBefore = sequence.tokenPredictor ? { ...sequence.tokenPredictions } : undefined;
  const tokens = sequence.evaluate([lastToken], {
    temperature: sampling.temperature ?? 0,
    topK: sampling.topK,
    topP: sampling.topP,
    seed: sampling.seed,
    // Otherwise node-llama-cpp ends the loop itself on an end-of-generation token, silently (the
    // stop reason would say maxTokens), and ignoreEndOfGeneration could not work.
    yieldEogToken: true,
  });
  for await (const token of tokens) {
    firstTokenAt ??= performance.now();
    if ((model.isEogToken(token) || stopTokens.has(token)) && !sampling.ignoreEndOfGeneration) {
      stopReason = "endOfGeneration";
      stopToken = { id: token, text: model.detokenize([token], true) };
      break;
    }
    output.push(token);
    timings.generatedTokens++;
    const scan = scanForStop(output.text.slice(0, output.stableLength), stops, emitted);
    if (scan.safeLength > emitted) {
      job.onDelta?.(output.text.slice(emitted, scan.safeLength), timings.generatedTokens);
      emitted = scan.safeLength;
    }
    if (scan.stopAt !== undefined) {
      stopReason = "stopString";
      stopAt = scan.stopAt;
      break;
    }
    if (output.count >= maxTokens) break;
    if (signal.aborted) {
      stopReason = "aborted";
      break;
    }
    if (performance.now() >= deadline) {
      stopReason = "timeLimit";
      break;
    }
  }
  const text = stopAt !== undefined ? output.text.slice(0, stopAt) : output.text;
  if (text.length > emitted) job.onDelta?.(text.slice(emitted), timings.generatedTokens);
  if (predictionsBefore) {
    const after = sequence.tokenPredictions;
    timings.predictions = { validated: after.validated - predictionsBefore.validated, refuted: after.refuted - predictionsBefore.refuted };
  }
  const result = finish(text, stopReason, firstTokenAt);
  return { result: stopToken ? { ...result, stopToken } : result };
}

/** The last few non-special prompt tokens (a control token gives the detokenizer no spacing context). */
function textTail(model: LlamaModel, promptTokens: readonly Token[]): Token[] {
  return promptTokens.filter((t) => !model.isSpecialToken(t)).slice(-8);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
