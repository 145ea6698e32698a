// Ghost text from the local model. Everything slow happens in the worker; this provider only reads
// a window of the document, waits for a pause in typing, and never shows a suggestion computed for
// an older version of the document.
import * as vscode from "vscode";
import type { CompletionOutcome } from "../../completion/completionPipeline";
import type { CompletionSession } from "../../completion/completionSession";
import { EngineError, EngineErrorCode } from "../../protocol/errors";
import { abortSignalFor } from "../../shared/abortSignal";
import { documentLines, editorIndentation } from "./documentAdapter";

export interface ProviderDeps {
  session: CompletionSession;
  isEnabledFor(languageId: string): boolean;
  onSuggestion(outcome: CompletionOutcome, latencyMs: number): void;
  /** The rest of a streamed suggestion arrived (it is in the cache): show it if still in place. */
  onRest(document: vscode.TextDocument, outcome: CompletionOutcome): void;
  onError(error: unknown): void;
}

export class LocalInlineCompletionProvider implements vscode.InlineCompletionItemProvider {
  constructor(private readonly deps: ProviderDeps) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    if (!this.deps.isEnabledFor(document.languageId)) return undefined;
    const started = performance.now();
    const version = document.version;
    const cancel = abortSignalFor(token);
    try {
      const outcome = await this.deps.session.request(
        {
          doc: documentLines(document),
          position: { line: position.line, character: position.character },
          documentKey: document.uri.toString(),
          indentation: editorIndentation(vscode.window.activeTextEditor, document),
        },
        cancel.signal,
        { immediate: context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke },
      );
      // A newer keystroke or edit makes this answer stale: show nothing rather than old text.
      if (token.isCancellationRequested || document.version !== version || outcome.status !== "suggestion") return undefined;
      this.deps.onSuggestion(outcome, performance.now() - started);
      void outcome.rest?.then((rest) => rest.status === "suggestion" && this.deps.onRest(document, rest), () => undefined);
      // Runs when the user accepts it (Tab): counted for the acceptance rate in the statistics.
      return [new vscode.InlineCompletionItem(outcome.text, new vscode.Range(position, position), { command: "localSlm.completionAccepted", title: "", arguments: [outcome.id] })];
    } catch (error) {
      if (!(error instanceof EngineError && error.code === EngineErrorCode.WorkerUnavailable)) this.deps.onError(error);
      return undefined;
    } finally {
      cancel.dispose();
    }
  }
}
