// The completion pipeline, one request: context -> prompt window -> cache or generation ->
// post-processing. No VS Code here: the editor, the CLI and the benchmark all run this code.
import type { RequestOptions } from "../protocol/requestOptions";
import type { GenerationResult, InfillParams, Timings } from "../protocol/types";
import { chooseMode } from "./context/completionMode";
import type { DocumentLines, Position } from "./context/documentLines";
import { detectIndentation } from "./context/indentation";
import { buildPromptWindow, DEFAULT_WINDOW, type WindowOptions } from "./context/promptWindow";
import { firstCompleteLine } from "./generation/firstLine";
import { DEFAULT_LIMITS, type GenerationLimits, infillParams } from "./generation/infillRequest";
import { ScopeWatcher } from "./generation/scopeWatcher";
import { postprocess } from "./postprocess";
import { SuggestionCache } from "./scheduling/suggestionCache";
import type { CompletionContext, Indentation } from "./types";

/** The part of the engine the pipeline needs (EngineClient has it). */
export interface InfillEngine {
  infill(params: InfillParams, options?: RequestOptions): Promise<GenerationResult>;
}

export interface CompletionRequest {
  doc: DocumentLines;
  position: Position;
  /** Identifies the document in the cache (its URI). */
  documentKey: string;
  /** The editor's indentation settings, when known; detected from the text otherwise. */
  indentation?: Indentation;
  /**
   * Context from other files, rendered as comments (context/relatedFiles.ts); goes before the
   * window. Keep it the same from keystroke to keystroke or the KV cache cannot be reused.
   */
  related?: string;
  signal: AbortSignal;
}

export interface CompletionOutcome {
  /** The suggestion; "" when nothing should be shown. */
  text: string;
  /** Why nothing is shown, when text is "". */
  reason?: string;
  source: "cache" | "model" | "none";
  timings?: Timings;
  /**
   * Set when only the first line of a multi-line suggestion is ready: the whole suggestion, still
   * being generated (it is cached when it arrives, so asking again at the same spot shows it).
   */
  rest?: Promise<CompletionOutcome>;
  /** Time the scheduler waited for a pause in typing before asking the model. */
  debounceMs?: number;
}

export interface PipelineOptions {
  window: WindowOptions;
  limits: GenerationLimits;
  maxLines: number;
  /** Off only for the benchmark's naive strategy. */
  useCache: boolean;
  /** Answer a multi-line request with its first line as soon as that line is complete. */
  streamFirstLine: boolean;
}

export const DEFAULT_PIPELINE: PipelineOptions = { window: DEFAULT_WINDOW, limits: DEFAULT_LIMITS, maxLines: 12, useCache: true, streamFirstLine: true };

export class CompletionPipeline {
  readonly cache = new SuggestionCache();

  constructor(
    private readonly engine: InfillEngine,
    private readonly options: () => PipelineOptions = () => DEFAULT_PIPELINE,
  ) {}

  /** The context a request would use: cheap, no model call. */
  contextFor(request: Omit<CompletionRequest, "signal">): CompletionContext {
    const { window, maxLines } = this.options();
    const prompt = buildPromptWindow(request.doc, request.position, window);
    return {
      prefix: prompt.prefix,
      suffix: prompt.suffix,
      linePrefix: prompt.linePrefix,
      lineSuffix: prompt.lineSuffix,
      languageId: request.doc.languageId,
      indentation: request.indentation ?? detectIndentation(request.doc, request.position),
      mode: chooseMode(prompt.linePrefix, prompt.lineSuffix, request.doc.languageId),
      maxLines,
    };
  }

  /** A suggestion already known for this spot (typed ahead into, or seen before), if any. */
  cached(request: Omit<CompletionRequest, "signal">, context = this.contextFor(request)): CompletionOutcome | undefined {
    if (!this.options().useCache) return undefined;
    const text = this.cache.get(request.documentKey, context.prefix, context.suffix);
    return text === undefined ? undefined : { text, source: "cache" };
  }

  async complete(request: CompletionRequest): Promise<CompletionOutcome> {
    const context = this.contextFor(request);
    const hit = this.cached(request, context);
    if (hit) return hit;

    const watcher = context.mode === "multiLine" ? new ScopeWatcher(context) : undefined;
    const scopeEnded = new AbortController();
    const signal = AbortSignal.any([request.signal, scopeEnded.signal]);
    const params = infillParams((request.related ?? "") + context.prefix, context.suffix, context.mode, this.options().limits);
    const firstLine = watcher && this.options().streamFirstLine ? new FirstLineWatch(context) : undefined;
    const whole: Promise<CompletionOutcome> = this.engine
      .infill(params, {
        signal,
        onPartialText: watcher
          ? (delta) => {
              if (watcher.push(delta)) scopeEnded.abort();
              const early = firstLine?.push(delta);
              if (early && !request.signal.aborted) {
                this.remember(request, context, early);
                firstLine!.resolve({ text: early, source: "model", rest: whole });
              }
            }
          : undefined,
      })
      .then((result) => this.finish(request, context, result));
    return firstLine ? Promise.race([firstLine.outcome, whole]) : whole;
  }

  private finish(request: CompletionRequest, context: CompletionContext, result: GenerationResult): CompletionOutcome {
    if (request.signal.aborted) return { text: "", reason: "superseded by a newer request", source: "none", timings: result.timings };
    const processed = postprocess(result.text, context);
    this.remember(request, context, processed.text);
    return {
      text: processed.text,
      ...(processed.text === "" ? { reason: processed.reason ?? "the model suggested nothing" } : {}),
      source: "model",
      timings: result.timings,
    };
  }

  private remember(request: CompletionRequest, context: CompletionContext, text: string): void {
    if (text !== "") this.cache.set(request.documentKey, context.prefix, context.suffix, text);
  }
}

/** Watches a multi-line stream for its first complete line, post-processed like a whole answer. */
class FirstLineWatch {
  private streamed = "";
  private settled = false;
  resolve: (outcome: CompletionOutcome) => void = () => undefined;
  /** Never settles when the first line is not worth showing: the whole answer wins the race. */
  readonly outcome = new Promise<CompletionOutcome>((resolve) => (this.resolve = resolve));

  constructor(private readonly context: CompletionContext) {}

  /** The first line's suggestion the first time one is ready, else undefined. */
  push(delta: string): string | undefined {
    if (this.settled) return undefined;
    this.streamed += delta;
    const line = firstCompleteLine(this.streamed);
    if (line === undefined) return undefined;
    this.settled = true;
    const text = postprocess(line, this.context).text;
    return text === "" ? undefined : text;
  }
}
