// The summary streams into its own untitled Markdown document beside the text: the user's
// document is only changed when they choose to insert or replace, so a cancelled or failed
// summary never leaves half a text in it.
import * as vscode from "vscode";

/** Edits are batched: one per delta would flood the editor at 30 tokens per second. */
const FLUSH_MS = 80;

export class SummaryDocument {
  private pending = "";
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(readonly document: vscode.TextDocument) {}

  static async open(title: string): Promise<SummaryDocument> {
    const document = await vscode.workspace.openTextDocument({ language: "markdown", content: `# ${title}\n\n` });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
    return new SummaryDocument(document);
  }

  append(text: string): void {
    this.pending += text;
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Writes everything still pending; resolves when the document has it. */
  async settle(): Promise<void> {
    await this.flushNow();
    await this.writing;
  }

  private flush(): void {
    void this.flushNow();
  }

  private flushNow(): Promise<unknown> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const text = this.pending;
    this.pending = "";
    if (text === "") return this.writing;
    this.writing = this.writing.then(() => {
      if (this.document.isClosed) return;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(this.document.uri, this.document.lineAt(this.document.lineCount - 1).range.end, text);
      return vscode.workspace.applyEdit(edit);
    });
    return this.writing;
  }
}
