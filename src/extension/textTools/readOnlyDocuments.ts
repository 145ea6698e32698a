// Output nobody asked to save (summaries, Model Info) lives in read-only virtual documents: a
// TextDocumentContentProvider scheme. Closing one never asks to save it, and the user cannot type
// into it by mistake; Copy and Save As still work.
import * as vscode from "vscode";

const MAX_KEPT = 50;

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private next = 0;

  // Texts are kept (the last MAX_KEPT), not dropped when a document closes: VS Code closes and
  // reopens a document when its language is set, and closes one shown only in a Markdown preview
  // while the preview still shows it.
  constructor(readonly scheme: string) {
    this.subscriptions = [vscode.workspace.registerTextDocumentContentProvider(scheme, this)];
  }

  /** A new document named `title` (the tab's title) holding `text`. */
  create(title: string, text: string): vscode.Uri {
    // The id keeps two summaries of the same text apart; the tab shows the path's last part.
    const uri = vscode.Uri.from({ scheme: this.scheme, path: `/${title.replace(/[\\/]/g, "∕")}`, query: `id=${++this.next}` });
    this.texts.set(uri.toString(), text);
    for (const old of [...this.texts.keys()].slice(0, Math.max(0, this.texts.size - MAX_KEPT))) this.texts.delete(old);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? "";
  }

  text(uri: vscode.Uri): string | undefined {
    return this.texts.get(uri.toString());
  }

  append(uri: vscode.Uri, text: string): void {
    const key = uri.toString();
    if (!this.texts.has(key) || text === "") return;
    this.texts.set(key, this.texts.get(key)! + text);
    this.changed.fire(uri);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
