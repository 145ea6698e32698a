// Where the text tools get their text: the selection, or a whole file from the explorer. Empty,
// binary and oversized input is refused here with a message that says what to do.
import * as vscode from "vscode";
import { looksBinary } from "../../text/binaryText";

/** Above this the tools still work (split into parts) but the user is asked first. */
const CONFIRM_ABOVE_CHARS = 200_000;

export interface TextInput {
  text: string;
  /** For titles: "notes.md, lines 3-40". */
  label: string;
  /** The editor and selection it came from (absent for a file from the explorer). */
  origin?: { editor: vscode.TextEditor; selection: vscode.Selection; version: number };
}

export async function selectionInput(tool: string): Promise<TextInput | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(`Local SLM: open a file and select some text to ${tool}.`);
    return undefined;
  }
  const selection = editor.selection;
  const text = editor.document.getText(selection);
  if (text.trim() === "") {
    void vscode.window.showInformationMessage(`Local SLM: select some text to ${tool} (the selection is empty).`);
    return undefined;
  }
  if (!(await confirmSize(text, tool))) return undefined;
  const name = vscode.workspace.asRelativePath(editor.document.uri, false);
  const lines = selection.start.line === selection.end.line ? `line ${selection.start.line + 1}` : `lines ${selection.start.line + 1}-${selection.end.line + 1}`;
  return { text, label: `${name}, ${lines}`, origin: { editor, selection, version: editor.document.version } };
}

/** The whole document as the editor has it (unsaved edits and untitled documents included). */
export function documentInput(editor: vscode.TextEditor, tool: string): TextInput | undefined {
  const text = editor.document.getText();
  const name = vscode.workspace.asRelativePath(editor.document.uri, false);
  if (text.trim() === "") {
    void vscode.window.showInformationMessage(`Local SLM: ${name} is empty; nothing to ${tool}.`);
    return undefined;
  }
  return { text, label: name };
}

export async function fileInput(uri: vscode.Uri | undefined, tool: string): Promise<TextInput | undefined> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showInformationMessage(`Local SLM: choose a file to ${tool} (right-click it in the explorer).`);
    return undefined;
  }
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(target);
  } catch (error) {
    void vscode.window.showErrorMessage(`Local SLM: cannot read ${target.fsPath}: ${error instanceof Error ? error.message : error}`);
    return undefined;
  }
  const name = vscode.workspace.asRelativePath(target, false);
  if (looksBinary(bytes)) {
    void vscode.window.showWarningMessage(`Local SLM: ${name} looks like a binary file, not text; nothing to ${tool}.`);
    return undefined;
  }
  const text = new TextDecoder("utf-8").decode(bytes);
  if (text.trim() === "") {
    void vscode.window.showInformationMessage(`Local SLM: ${name} is empty; nothing to ${tool}.`);
    return undefined;
  }
  if (!(await confirmSize(text, tool))) return undefined;
  return { text, label: name };
}

async function confirmSize(text: string, tool: string): Promise<boolean> {
  if (text.length <= CONFIRM_ABOVE_CHARS) return true;
  const size = `${Math.round(text.length / 1000).toLocaleString()}k characters`;
  const go = `${tool[0]!.toUpperCase()}${tool.slice(1)} Anyway`;
  const choice = await vscode.window.showWarningMessage(
    `Local SLM: the text is long (${size}). It will be processed in parts on this machine, which can take a while; you can cancel at any time.`,
    { modal: true },
    go,
  );
  return choice === go;
}
