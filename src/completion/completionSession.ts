// One completion session: the pipeline, its scheduler (debounce, latest wins, abort) and the
// related-files context, assembled in one place. The inline provider, `local-slm complete`, the
// completion benchmark and the soak all create theirs here, so what is measured is what ships.
import { type CompletionOutcome, type CompletionRequest, CompletionPipeline, DEFAULT_PIPELINE, type InfillEngine, type PipelineOptions } from "./completionPipeline";
import { RelatedContext, type VisitedDocument } from "./context/relatedContext";
import { CompletionScheduler } from "./scheduling/completionScheduler";

export interface SessionOptions {
  /** Read on every request (the editor reads maxLines from its settings); the editor's defaults otherwise. */
  pipeline?: () => PipelineOptions;
  /** Whether excerpts of other files go into the prompt (setting localSlm.completion.relatedFiles). */
  relatedFiles?: () => boolean;
  now?: () => number;
  /** Send requests at the keystroke rather than after a pause in typing (see CompletionScheduler). */
  startBeforePause?: () => boolean;
  /** Ask for the suggestion after the one shown, before it is accepted (see CompletionScheduler). */
  prefetch?: () => boolean;
}

/** A request as the session takes it: the related-files context is the session's to add. */
export type SessionRequest = Omit<CompletionRequest, "signal" | "related" | "repository">;

export class CompletionSession {
  readonly pipeline: CompletionPipeline;
  readonly scheduler: CompletionScheduler;
  readonly related: RelatedContext;

  constructor(engine: InfillEngine, options: SessionOptions = {}) {
    this.pipeline = new CompletionPipeline(engine, options.pipeline ?? (() => DEFAULT_PIPELINE));
    this.scheduler = new CompletionScheduler(this.pipeline, { now: options.now, startBeforePause: options.startBeforePause, prefetch: options.prefetch });
    this.related = new RelatedContext(options.relatedFiles);
  }

  /**
   * The user typed (or otherwise edited) a document at a line: feeds the typing-speed estimate,
   * remembers the place for other files' context, and drops suggestions cached for other documents
   * (their context holds this one).
   */
  edited(document: VisitedDocument, line: number, { keystroke = true } = {}): void {
    if (keystroke) this.scheduler.recordKeystroke();
    this.related.visit(document, line);
    this.pipeline.cache.keepOnly(document.key);
  }

  /** The user looked at a place in a document (an editor was shown). */
  viewed(document: VisitedDocument, line: number): void {
    this.related.visit(document, line);
  }

  /** Another document became the active one: its related-files context is chosen afresh. */
  activeDocumentChanged(): void {
    this.related.unfreeze();
  }

  closed(documentKey: string): void {
    this.related.forget(documentKey);
  }

  /** A suggestion for this spot: from the cache at once, else after a pause in typing, from the model. */
  request(request: SessionRequest, signal?: AbortSignal, options: { immediate?: boolean } = {}): Promise<CompletionOutcome> {
    return this.scheduler.request(this.withRelated(request), signal, options);
  }

  /** The suggestion known for this spot without asking the model, if any. */
  peek(request: SessionRequest): CompletionOutcome | undefined {
    return this.scheduler.peek(this.withRelated(request));
  }

  /** Settings changed: nothing cached or frozen is kept. */
  reset(): void {
    this.pipeline.cache.clear();
    this.related.unfreeze();
  }

  /** Aborts whatever runs (completion paused, editor closed). */
  cancel(): void {
    this.scheduler.cancel();
  }

  private withRelated(request: SessionRequest): Omit<CompletionRequest, "signal"> {
    const document = { key: request.documentKey, languageId: request.doc.languageId };
    return { ...request, related: this.related.relatedFor(document), repository: this.related.repositoryFor(document) };
  }
}

/** The session the editor runs, with its options; the CLI and the benchmarks take the same. */
export function createCompletionSession(engine: InfillEngine, options: SessionOptions = {}): CompletionSession {
  return new CompletionSession(engine, options);
}
