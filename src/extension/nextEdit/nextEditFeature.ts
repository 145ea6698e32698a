// Next-edit suggestions in the editor: the user's edits feed the history; after an edit and a
// pause the model proposes the next edit (src/nextEdit). A pure insertion at the cursor is offered
// as an inline completion item (ghost text); any other edit is shown where it happens
// (editPresenter), Tab jumps there, Tab again applies it as one undo step, Escape dismisses it.
// A proposal is never shown or applied once the document has changed since it was asked for.
import * as vscode from "vscode";
import { EditHistory } from "../../nextEdit/editHistory";
import { proposeNextEdit } from "../../nextEdit/nextEditRequest";
import { NextEditScheduler } from "../../nextEdit/nextEditScheduler";
import { MAX_DOCUMENT_CHARS } from "../../nextEdit/sweepFormat";
import { RecentFiles } from "../../nextEdit/recentFiles";
import { editToShow, isInsertionAt, type ProposedEdit } from "../../nextEdit/responseEdits";
import { EngineError, EngineErrorCode } from "../../protocol/errors";
import { documentLines } from "../completion/documentAdapter";
import { firstTimeShown, showEngineError } from "../errors";
import { readNextEditSettings } from "../settings";
import { EditPresenter, editRange } from "./editPresenter";
import type { OtherModelEngine } from "../otherModelEngine";

interface Proposal {
  document: vscode.TextDocument;
  version: number;
  edit: ProposedEdit;
}

export function registerNextEdit(engines: OtherModelEngine, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const history = new EditHistory();
  const recent = new RecentFiles();
  const scheduler = new NextEditScheduler();
  const presenter = new EditPresenter();
  let shown: Proposal | undefined;
  let ghost: Proposal | undefined;
  let lastEditor = vscode.window.activeTextEditor;
  const key = (document: vscode.TextDocument) => document.uri.toString();
  const path = (document: vscode.TextDocument) => vscode.workspace.asRelativePath(document.uri, false);
  const enabled = () => readNextEditSettings().enabled;
  const editable = (document: vscode.TextDocument) => document.uri.scheme === "file" || document.uri.scheme === "untitled" || document.uri.scheme === "vscode-remote";
  const track = (editor: vscode.TextEditor | undefined) => {
    if (!editor || !editable(editor.document)) return;
    const document = editor.document;
    // A huge file is not copied at all (the history would drop it anyway).
    if (document.offsetAt(document.lineAt(document.lineCount - 1).range.end) > MAX_DOCUMENT_CHARS) return;
    history.track(key(document), document.getText(), Date.now());
  };
  const dismiss = () => {
    shown = undefined;
    ghost = undefined;
    presenter.clear(undefined);
  };
  const current = (p: Proposal | undefined) => p && p.document.version === p.version && vscode.window.activeTextEditor?.document === p.document ? p : undefined;

  async function propose(editor: vscode.TextEditor): Promise<void> {
    const document = editor.document;
    const version = document.version;
    const cursor = editor.selection.active;
    let outcome;
    try {
      outcome = await scheduler.request((signal) =>
        proposeNextEdit(engines.current(), { filePath: path(document), doc: documentLines(document), cursor, hunks: history.hunks(key(document)), original: history.original(key(document)), contextFiles: recent.list(path(document)) }, signal),
      );
    } catch (error) {
      reportError(error, log);
      return;
    }
    if (!outcome) return;
    if (outcome.kind === "rejected") log.debug(`next edit: no edit (${outcome.reason}: ${outcome.detail})`);
    if (outcome.kind !== "edits") return;
    log.debug(`next edit: ${outcome.edits.length} edits in ${outcome.timings.totalMs} ms, prompt ${outcome.timings.promptTokens} tokens (${outcome.timings.promptTokensEvaluated} evaluated)`);
    const edit = editToShow(outcome.edits, cursor.line);
    // Stale: the user typed (or moved to another file) while the model ran.
    if (!edit || document.version !== version || vscode.window.activeTextEditor !== editor) return;
    if (editor.selection.isEmpty && isInsertionAt(edit, editor.selection.active.line, editor.selection.active.character)) {
      ghost = { document, version, edit };
      void vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
      return;
    }
    shown = { document, version, edit };
    presenter.show(editor, edit);
  }

  async function jumpOrAccept(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const proposal = current(shown);
    if (!editor || !proposal) {
      dismiss();
      return;
    }
    const line = editor.selection.active.line;
    if (line < proposal.edit.startLine || line > proposal.edit.endLine) {
      const start = editRange(proposal.edit).start;
      editor.selection = new vscode.Selection(start, start);
      editor.revealRange(editRange(proposal.edit), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      presenter.showHint(editor, proposal.edit);
      return;
    }
    dismiss();
    const applied = await editor.edit((builder) => builder.replace(editRange(proposal.edit), proposal.edit.newText), { undoStopBefore: true, undoStopAfter: true });
    if (!applied) log.warn("next edit: the editor refused the edit");
  }

  const ghostProvider: vscode.InlineCompletionItemProvider = {
    provideInlineCompletionItems(document, position) {
      const proposal = current(ghost);
      if (!proposal || proposal.document !== document || !isInsertionAt(proposal.edit, position.line, position.character)) return [];
      return [new vscode.InlineCompletionItem(proposal.edit.newText, new vscode.Range(position, position))];
    },
  };

  track(lastEditor);
  return [
    presenter,
    vscode.languages.registerInlineCompletionItemProvider({ pattern: "**" }, ghostProvider),
    vscode.commands.registerCommand("localSlm.nextEdit.jumpOrAccept", jumpOrAccept),
    vscode.commands.registerCommand("localSlm.nextEdit.dismiss", () => {
      scheduler.cancel();
      dismiss();
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (lastEditor && lastEditor !== editor && editable(lastEditor.document)) {
        const visible = lastEditor.visibleRanges[0];
        if (visible) recent.viewed(path(lastEditor.document), lastEditor.document.getText(visible));
      }
      lastEditor = editor;
      scheduler.cancel();
      dismiss();
      if (enabled()) track(editor);
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0 || !editable(event.document)) return;
      const uri = key(event.document);
      // One event's changes do not overlap; applied from the bottom up, each range stays valid.
      const changes = [...event.contentChanges].sort((a, b) => b.rangeOffset - a.rangeOffset);
      for (const c of changes) history.applyChange(uri, { startLine: c.range.start.line, startCharacter: c.range.start.character, endLine: c.range.end.line, endCharacter: c.range.end.character, text: c.text }, Date.now());
      const editor = vscode.window.activeTextEditor;
      if (editor?.document !== event.document) return;
      if (shown || ghost) dismiss(); // whatever was proposed is stale now
      if (!enabled()) return;
      if (!history.current(uri)) track(editor); // first edit of a file not followed yet: follow it from now
      // Undo and redo are the user walking back: no new proposal on top.
      if (event.reason === vscode.TextDocumentChangeReason.Undo || event.reason === vscode.TextDocumentChangeReason.Redo) {
        scheduler.cancel();
        return;
      }
      scheduler.recordEdit();
      void propose(editor);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => history.forget(key(document))),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration("localSlm")) return;
      scheduler.cancel();
      dismiss();
      void engines.reset();
    }),
    { dispose: () => scheduler.cancel() },
  ];
}

function reportError(error: unknown, log: vscode.LogOutputChannel): void {
  if (error instanceof EngineError && error.code === EngineErrorCode.NoModelConfigured) return;
  if (error instanceof EngineError && error.code === EngineErrorCode.NextEditUnsupported) {
    if (!firstTimeShown(error.message)) return;
    log.warn(error.message);
    void vscode.window.showWarningMessage(`Local SLM: ${error.message}`, "Open Settings").then((choice) => {
      if (choice === "Open Settings") void vscode.commands.executeCommand("workbench.action.openSettings", "localSlm.nextEdit.modelPath");
    });
    return;
  }
  showEngineError(error, log, { onlyOnce: true });
}
