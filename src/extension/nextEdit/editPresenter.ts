// Shows a proposed edit where it happens, with stable APIs only (decorations): the text it removes
// struck through, the text it inserts after it in the inserted-text colour, and on the cursor's
// line a hint that Tab jumps there. Multi-line insertions are shown on one line (⏎ for breaks).
import * as vscode from "vscode";
import type { ProposedEdit } from "../../nextEdit/responseEdits";

const VISIBLE_KEY = "localSlm.nextEditVisible";
const MAX_SHOWN_CHARS = 200;

export function editRange(edit: ProposedEdit): vscode.Range {
  return new vscode.Range(edit.startLine, edit.startColumn, edit.endLine, edit.endColumn);
}

export class EditPresenter implements vscode.Disposable {
  private readonly removed = vscode.window.createTextEditorDecorationType({
    textDecoration: "line-through",
    backgroundColor: new vscode.ThemeColor("diffEditor.removedTextBackground"),
  });
  private readonly inserted = vscode.window.createTextEditorDecorationType({});
  private readonly hint = vscode.window.createTextEditorDecorationType({});
  private visible = false;

  show(editor: vscode.TextEditor, edit: ProposedEdit): void {
    const range = editRange(edit);
    editor.setDecorations(this.removed, range.isEmpty ? [] : [range]);
    const shown = edit.newText.replace(/\r?\n/g, " ⏎ ");
    editor.setDecorations(
      this.inserted,
      edit.newText === ""
        ? []
        : [{
            range: new vscode.Range(range.end, range.end),
            renderOptions: {
              after: {
                contentText: shown.length > MAX_SHOWN_CHARS ? `${shown.slice(0, MAX_SHOWN_CHARS)}…` : shown,
                backgroundColor: new vscode.ThemeColor("diffEditor.insertedTextBackground"),
                border: "1px solid",
                borderColor: new vscode.ThemeColor("diffEditor.insertedLineBackground"),
              },
            },
          }],
    );
    this.showHint(editor, edit);
    this.setVisible(true);
  }

  /** The Tab hint on the cursor's line, when the edit is elsewhere. */
  showHint(editor: vscode.TextEditor, edit: ProposedEdit): void {
    const line = editor.selection.active.line;
    const atEdit = line >= edit.startLine && line <= edit.endLine;
    const end = editor.document.lineAt(line).range.end;
    editor.setDecorations(
      this.hint,
      atEdit
        ? []
        : [{
            range: new vscode.Range(end, end),
            renderOptions: { after: { contentText: `    Tab ⇥ next edit, line ${edit.startLine + 1}`, color: new vscode.ThemeColor("editorGhostText.foreground"), fontStyle: "italic" } },
          }],
    );
  }

  clear(editor: vscode.TextEditor | undefined): void {
    for (const e of editor ? [editor] : vscode.window.visibleTextEditors) {
      e.setDecorations(this.removed, []);
      e.setDecorations(this.inserted, []);
      e.setDecorations(this.hint, []);
    }
    this.setVisible(false);
  }

  private setVisible(visible: boolean): void {
    if (this.visible === visible) return;
    this.visible = visible;
    void vscode.commands.executeCommand("setContext", VISIBLE_KEY, visible);
  }

  dispose(): void {
    this.removed.dispose();
    this.inserted.dispose();
    this.hint.dispose();
  }
}
