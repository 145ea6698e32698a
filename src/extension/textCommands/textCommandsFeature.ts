// The user's own text commands (localSlm.textCommands) and Ask About Selection. VS Code's menus
// and palette only list commands declared in package.json, with fixed titles, so one declared
// command, "Run Text Command…", offers the configured commands by title in a quick pick; it takes
// a title as argument for key bindings. The menu entry follows the setting through a context key
// (localSlm.textCommandCount), so a change shows without a reload.
import { basename } from "node:path";
import * as vscode from "vscode";
import { fillPrompt, usesSelection } from "../../text/textCommands/fillPrompt";
import { DEFAULT_SAMPLING } from "../../text/textCommands/sampling";
import type { TextCommand } from "../../text/textCommands/textCommandSettings";
import type { TextEngine } from "../../text/textEngine";
import { readTextCommands } from "../settings";
import { ReadOnlyDocuments } from "../textTools/readOnlyDocuments";
import { runPrompt } from "./runPrompt";

export const COUNT_CONTEXT_KEY = "localSlm.textCommandCount";
/** Answers open in read-only documents: closing one never asks to save it. */
export const ANSWER_SCHEME = "local-slm-answer";

export function registerTextCommands(engine: () => TextEngine, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const reported = new Set<string>();
  const documents = new ReadOnlyDocuments(ANSWER_SCHEME);
  const commands = (): TextCommand[] => {
    const list = readTextCommands();
    for (const problem of list.problems) {
      if (reported.has(problem)) continue;
      reported.add(problem);
      log.warn(problem);
      void vscode.window.showWarningMessage(`Local SLM: ${problem}`, "Open Settings").then((choice) => choice && vscode.commands.executeCommand("workbench.action.openSettings", "localSlm.textCommands"));
    }
    return list.commands;
  };
  const updateContext = () => void vscode.commands.executeCommand("setContext", COUNT_CONTEXT_KEY, commands().length);
  updateContext();
  return [
    documents,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration("localSlm.textCommands")) return;
      reported.clear();
      updateContext();
    }),
    vscode.commands.registerCommand("localSlm.runTextCommand", async (title?: unknown) => {
      const available = commands();
      const chosen = typeof title === "string" ? available.find((c) => c.title === title) : await pick(available);
      if (typeof title === "string" && !chosen) {
        void vscode.window.showWarningMessage(`Local SLM: no text command is titled "${title}"; the ones in localSlm.textCommands are: ${available.map((c) => c.title).join(", ") || "none"}.`);
        return;
      }
      if (chosen) await runTextCommand(engine(), chosen, documents, log);
    }),
    vscode.commands.registerCommand("localSlm.askAboutSelection", () => askAboutSelection(engine(), documents, log)),
  ];
}

async function pick(commands: TextCommand[]): Promise<TextCommand | undefined> {
  if (commands.length === 0) {
    const open = await vscode.window.showInformationMessage("Local SLM: no text commands are set; add some in localSlm.textCommands.", "Open Settings");
    if (open) await vscode.commands.executeCommand("workbench.action.openSettings", "localSlm.textCommands");
    return undefined;
  }
  const outputs = { document: "answer beside the text", replace: "replaces the selection", insert: "inserted below the selection", notification: "answer in a notification" };
  const choice = await vscode.window.showQuickPick(
    commands.map((command) => ({ label: command.title, description: outputs[command.output], command })),
    { title: "Local SLM: run a text command", placeHolder: "Your commands from localSlm.textCommands" },
  );
  return choice?.command;
}

async function runTextCommand(engine: TextEngine, command: TextCommand, documents: ReadOnlyDocuments, log: vscode.LogOutputChannel): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(`Local SLM: open a file (and select some text) to run "${command.title}".`);
    return;
  }
  const selection = editor.selection;
  const selected = editor.document.getText(selection);
  if (selected.trim() === "" && (usesSelection(command.prompt) || command.output === "replace")) {
    void vscode.window.showInformationMessage(`Local SLM: select some text to run "${command.title}" on.`);
    return;
  }
  const prompt = fillPrompt(command.prompt, { selection: selected, language: editor.document.languageId, fileName: basename(editor.document.uri.path) });
  await runPrompt(engine, { title: command.title, prompt, sampling: command.sampling, output: command.output, origin: { editor, selection, version: editor.document.version } }, documents, log);
}

async function askAboutSelection(engine: TextEngine, documents: ReadOnlyDocuments, log: vscode.LogOutputChannel): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor?.document.getText(editor.selection) ?? "";
  if (!editor || selected.trim() === "") {
    void vscode.window.showInformationMessage("Local SLM: select some text, then ask a question about it.");
    return;
  }
  const question = await vscode.window.showInputBox({
    title: "Local SLM: ask about the selection",
    prompt: "The answer streams into a document beside the text.",
    placeHolder: "e.g. What does this function return when the list is empty?",
    validateInput: (value) => (value.trim() === "" ? "Type a question" : undefined),
  });
  if (!question) return;
  const fileName = basename(editor.document.uri.path);
  const prompt = `Answer the question about this ${editor.document.languageId} text from ${fileName}. Be concise and accurate.\n\n"""\n${selected}\n"""\n\nQuestion: ${question.trim()}`;
  await runPrompt(engine, { title: `Q: ${question.trim()}`, prompt, sampling: { ...DEFAULT_SAMPLING, temperature: 0 } /* factual answers: greedy */, output: "document", origin: { editor, selection: editor.selection, version: editor.document.version } }, documents, log);
}
