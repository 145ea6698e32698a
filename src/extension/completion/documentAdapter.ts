import type * as vscode from "vscode";
import type { DocumentLines } from "../../completion/context/documentLines";
import type { Indentation } from "../../completion/types";

/** Lines read on demand: a keystroke in a 100,000-line file copies a window, not the file. */
export function documentLines(document: vscode.TextDocument): DocumentLines {
  return {
    lineCount: document.lineCount,
    lineAt: (line) => document.lineAt(line).text,
    languageId: document.languageId,
  };
}

/** The editor's own indentation settings for this document, when it is the active editor's. */
export function editorIndentation(editor: vscode.TextEditor | undefined, document: vscode.TextDocument): Indentation | undefined {
  if (!editor || editor.document !== document) return undefined;
  const { insertSpaces, tabSize } = editor.options;
  if (typeof insertSpaces !== "boolean" || typeof tabSize !== "number") return undefined;
  return { useTabs: !insertSpaces, size: tabSize };
}
