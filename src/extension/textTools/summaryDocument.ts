// The summary streams into its own read-only Markdown document beside the text (a virtual
// document: closing it never asks to save). The user's document is only changed when they choose
// Insert Below or Replace Selection in the summary's title bar, so a cancelled or failed summary
// never leaves half a text in it.
import * as vscode from "vscode";
import type { ReadOnlyDocuments } from "./readOnlyDocuments";

/** Edits are batched: one per delta would flood the editor at 30 tokens per second. */
const FLUSH_MS = 80;

export class SummaryDocument {
  private pending = "";
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly documents: ReadOnlyDocuments,
    readonly uri: vscode.Uri,
  ) {}

  static async open(documents: ReadOnlyDocuments, title: string): Promise<SummaryDocument> {
    const uri = documents.create(title, `# ${title}\n\n`);
    const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), "markdown");
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
    return new SummaryDocument(documents, uri);
  }

  append(text: string): void {
    this.pending += text;
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Writes everything still pending; resolves when the open document shows it. */
  async settle(): Promise<void> {
    this.flush();
    const expected = this.documents.text(this.uri);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.uri.toString());
    if (!document || expected === undefined || document.getText() === expected) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(giveUp);
        listener.dispose();
        resolve();
      };
      const listener = vscode.workspace.onDidChangeTextDocument((e) => e.document === document && document.getText() === expected && done());
      const giveUp = setTimeout(done, 2_000); // the tab was closed meanwhile: nothing to wait for
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const text = this.pending;
    this.pending = "";
    this.documents.append(this.uri, text);
  }
}
