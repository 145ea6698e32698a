// The completion pipeline, one request: context -> prompt window -> cache or generation ->
// post-processing. No VS Code here: the editor, the CLI and the benchmark all run this code.
import type { RequestOptions } from "../host/workerProcess";
import type { GenerationResult, InfillParams, Timings } from "../protocol/types";
import { chooseMode } from "./context/completionMode";
import type { DocumentLines, Position } from "./context/documentLines";
import { detectIndentation } from "./context/indentation";
import { buildPromptWindow, DEFAULT_WINDOW, type WindowOptions } from "./context/promptWindow";
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
  signal: AbortSignal;
}

export interface CompletionOutcome {
  /** The suggestion; "" when nothing should be shown. */
  text: string;
  /** Why nothing is shown, when text is "". */
  reason?: string;
  source: "cache" | "model" | "none";
  timings?: Timings;
}

export interface PipelineOptions {
  window: WindowOptions;
  limits: GenerationLimits;
  maxLines: number;
  /** Off only for the benchmark's naive strategy. */
  useCache: boolean;
}

export const DEFAULT_PIPELINE: PipelineOptions = { window: DEFAULT_WINDOW, limits: DEFAULT_LIMITS, maxLines: 12, useCache: true };

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
    const params = infillParams(context.prefix, context.suffix, context.mode, this.options().limits);
    const result = await this.engine.infill(params, {
      signal,
      onPartialText: watcher ? (delta) => watcher.push(delta) && scopeEnded.abort() : undefined,
    });
    if (request.signal.aborted) return { text: "", reason: "superseded by a newer request", source: "none", timings: result.timings };

    const processed = postprocess(result.text, context);
    if (processed.text !== "") this.cache.set(request.documentKey, context.prefix, context.suffix, processed.text);
    return {
      text: processed.text,
      ...(processed.text === "" ? { reason: processed.reason ?? "the model suggested nothing" } : {}),
      source: "model",
      timings: result.timings,
    };
  }
}
