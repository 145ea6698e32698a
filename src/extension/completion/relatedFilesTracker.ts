// Feeds a completion session from VS Code's events: edits (typing speed, places for other files'
// context, cache invalidation), editors shown, documents closed.
import * as vscode from "vscode";
import type { CompletionSession } from "../../completion/completionSession";
import type { VisitedDocument } from "../../completion/context/relatedContext";
import { documentLines } from "./documentAdapter";

const SCHEMES = new Set(["file", "untitled", "vscode-notebook-cell", "vscode-remote"]);

export function trackEditorActivity(session: CompletionSession): vscode.Disposable {
  const visited = (document: vscode.TextDocument): VisitedDocument | undefined =>
    SCHEMES.has(document.uri.scheme) ? { key: document.uri.toString(), path: vscode.workspace.asRelativePath(document.uri, false), doc: documentLines(document) } : undefined;
  for (const editor of vscode.window.visibleTextEditors) {
    const document = visited(editor.document);
    if (document) session.viewed(document, editor.selection.active.line);
  }
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeTextDocument((event) => {
      const change = event.contentChanges[0];
      const document = visited(event.document);
      if (!change || !document) return;
      // Only the active editor's changes are typing; others (a formatter, a rename) still count
      // as places the user works in.
      session.edited(document, change.range.start.line, { keystroke: event.document === vscode.window.activeTextEditor?.document });
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      session.activeDocumentChanged();
      const document = editor && visited(editor.document);
      if (document) session.viewed(document, editor.selection.active.line);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => session.closed(document.uri.toString())),
  );
}
