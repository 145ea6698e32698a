// Remembers where the user has recently been in other files (edits, editors shown) and gives the
// completion prompt a few excerpts of them. The excerpts for a document are computed once when it
// becomes the active one and then frozen: recomputing them per keystroke would change the head of
// the prompt and throw away the KV cache.
import * as vscode from "vscode";
import { DEFAULT_RELATED, pickRelatedSnippets, type RelatedCandidate, renderRelatedSnippets } from "../../completion/context/relatedFiles";

const REMEMBERED_DOCUMENTS = 12;
const SCHEMES = new Set(["file", "untitled", "vscode-notebook-cell", "vscode-remote"]);

interface Visit {
  document: vscode.TextDocument;
  focusLine: number;
  lastUsed: number;
}

export class RelatedFilesTracker implements vscode.Disposable {
  private readonly visits = new Map<string, Visit>();
  private frozen: { key: string; related: string } | undefined;
  private clock = 0;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly enabled: () => boolean) {
    for (const editor of vscode.window.visibleTextEditors) this.visit(editor.document, editor.selection.active.line);
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) => {
        const change = event.contentChanges[0];
        if (change) this.visit(event.document, change.range.start.line);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        this.frozen = undefined;
        if (editor) this.visit(editor.document, editor.selection.active.line);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.visits.delete(document.uri.toString())),
    ];
  }

  /** The rendered excerpts for completions in this document ("" when off or nothing to add). */
  relatedFor(document: vscode.TextDocument): string {
    if (!this.enabled()) return "";
    const key = document.uri.toString();
    if (this.frozen?.key !== key) this.frozen = { key, related: this.render(document) };
    return this.frozen.related;
  }

  /** Forget the frozen excerpts (settings changed). */
  reset(): void {
    this.frozen = undefined;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private render(document: vscode.TextDocument): string {
    const candidates: RelatedCandidate[] = [...this.visits.values()].map((visit) => excerptCandidate(visit));
    const snippets = pickRelatedSnippets(candidates, { key: document.uri.toString(), languageId: document.languageId });
    return renderRelatedSnippets(snippets, document.languageId);
  }

  private visit(document: vscode.TextDocument, focusLine: number): void {
    if (!SCHEMES.has(document.uri.scheme)) return;
    const key = document.uri.toString();
    this.visits.delete(key);
    this.visits.set(key, { document, focusLine, lastUsed: ++this.clock });
    // Oldest first in a Map: drop from the front.
    while (this.visits.size > REMEMBERED_DOCUMENTS) this.visits.delete(this.visits.keys().next().value!);
  }
}

/** Only the lines around the focus are read: another file may have 100,000 lines. */
function excerptCandidate({ document, focusLine, lastUsed }: Visit): RelatedCandidate {
  const span = DEFAULT_RELATED.linesPerFile;
  const start = Math.max(0, Math.min(focusLine - span, document.lineCount - 1));
  const end = Math.min(document.lineCount, focusLine + span);
  const lines: string[] = [];
  for (let line = start; line < end; line++) lines.push(document.lineAt(line).text);
  return {
    key: document.uri.toString(),
    path: vscode.workspace.asRelativePath(document.uri, false),
    languageId: document.languageId,
    lines,
    focusLine: focusLine - start,
    lastUsed,
  };
}
