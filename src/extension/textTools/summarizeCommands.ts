// Summarize Selection / Summarize File: the summary streams into a read-only Markdown document
// beside the text, with a cancellable progress notification ("part 3 of 7"). Its title bar has
// Copy, Insert Below and Replace Selection (one edit: undo restores), there as long as the summary
// is open, rather than in a notification that goes away.
import * as vscode from "vscode";
import { showEngineError } from "../errors";
import { ReadOnlyDocuments } from "./readOnlyDocuments";
import { SummaryDocument } from "./summaryDocument";
import { cleanModelText } from "../../text/cleanModelText";
import { fileInput, selectionInput, type TextInput } from "./textInput";
import { summarizeText } from "../../text/summarize";
import { SUMMARY_PRESETS as LENGTH_PRESETS } from "../../text/summaryPrompt";
import type { TextEngine } from "../../text/textEngine";
import type { UsageStatistics } from "../statistics/usageStatistics";
import { readSummaryWords } from "../settings";

export const SUMMARY_SCHEME = "local-slm-summary";
const MAX_FINISHED = 50;

/** A finished summary, by its document's URI: what the title bar actions work with. */
interface Finished {
  summary: string;
  input: TextInput;
}

export function registerSummarize(tools: () => TextEngine, log: vscode.LogOutputChannel, statistics: UsageStatistics): vscode.Disposable[] {
  const documents = new ReadOnlyDocuments(SUMMARY_SCHEME);
  const finished = new Map<string, Finished>();
  const run = async (input: TextInput | undefined, words: number | undefined) => {
    if (!input || words === undefined) return;
    const done = await summarize(documents, tools(), input, words, log, statistics);
    if (!done) return;
    finished.set(done.uri.toString(), { summary: done.summary, input });
    // Bounded like the documents' texts (a tab that closes does not say so reliably: see ReadOnlyDocuments).
    for (const old of [...finished.keys()].slice(0, Math.max(0, finished.size - MAX_FINISHED))) finished.delete(old);
    // The actions are in the summary's title bar; a short note in the status bar says so.
    vscode.window.setStatusBarMessage(`$(check) Local SLM: summary of ${input.label} is ready (${input.origin ? "Copy, Insert Below, Replace Selection" : "Copy"} in its title bar)`, 10_000);
  };
  // The actions get the summary's URI from the title bar, or act on the active editor (palette).
  const action = (kind: Action) => async (uri?: vscode.Uri) => {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (target?.scheme !== SUMMARY_SCHEME) {
      void vscode.window.showInformationMessage("Local SLM: open a summary first (Summarize Selection); its title bar has this action.");
      return;
    }
    const entry = finished.get(target.toString());
    if (!entry) {
      void vscode.window.showInformationMessage("Local SLM: this summary is still being written (or was cancelled): wait until it is done.");
      return;
    }
    await applyAction(kind, entry.summary, entry.input);
  };
  return [
    documents,
    vscode.commands.registerCommand("localSlm.summary.copy", action("Copy")),
    vscode.commands.registerCommand("localSlm.summary.insertBelow", action("Insert Below")),
    vscode.commands.registerCommand("localSlm.summary.replaceSelection", action("Replace Selection")),
    vscode.commands.registerCommand("localSlm.summarizeSelection", async () => run(await selectionInput("summarize"), configuredWords())),
    vscode.commands.registerCommand("localSlm.summarizeSelectionChooseLength", async () => {
      const input = await selectionInput("summarize");
      if (input) await run(input, await chooseWords());
    }),
    vscode.commands.registerCommand("localSlm.summarizeFile", async (uri?: vscode.Uri) => run(await fileInput(uri, "summarize"), configuredWords())),
  ];
}

type Action = "Copy" | "Insert Below" | "Replace Selection";

async function summarize(
  documents: ReadOnlyDocuments,
  engine: TextEngine,
  input: TextInput,
  words: number,
  log: vscode.LogOutputChannel,
  statistics: UsageStatistics,
): Promise<{ uri: vscode.Uri; summary: string } | undefined> {
  const output = await SummaryDocument.open(documents, `Summary of ${input.label} (up to ${words} words)`);
  const started = performance.now();
  const abort = new AbortController();
  let text = "";
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "Local SLM: summarizing", cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        return summarizeText(engine, input.text, {
          words,
          signal: abort.signal,
          onProgress: ({ stage, index, total }) =>
            progress.report({ message: stage === "part" ? `part ${index} of ${total}` : total > 1 ? `combining (${index} of ${total})` : "combining the parts" }),
          onDelta: (delta) => {
            text += delta;
            output.append(delta);
          },
        });
      },
    );
    text = result.text;
    await output.settle();
    const t = result.timings;
    statistics.record({ time: Date.now(), kind: "summarize", latencyMs: Math.round(performance.now() - started), promptTokens: t.promptTokens, promptTokensEvaluated: t.promptTokensEvaluated, generatedTokens: t.generatedTokens });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log.info(`summarized ${input.text.length} characters in ${result.parts} part(s), ${seconds} s${result.timings ? `: ${JSON.stringify(result.timings)}` : ""}`);
    return { uri: output.uri, summary: result.text };
  } catch (error) {
    await output.settle();
    if (abort.signal.aborted) {
      output.append(`${text ? "\n\n" : ""}_Cancelled: the summary above is incomplete._\n`);
      await output.settle();
      return undefined;
    }
    output.append(`\n\n_Failed: ${error instanceof Error ? error.message : String(error)}_\n`);
    await output.settle();
    showEngineError(error, log);
    return undefined;
  }
}

async function applyAction(choice: Action, text: string, input: TextInput): Promise<void> {
  // Already clean (summarizeText cleans); cleaned again because this writes into the user's file.
  const summary = cleanModelText(text);
  if (choice === "Copy") {
    await vscode.env.clipboard.writeText(summary);
    vscode.window.setStatusBarMessage("$(check) Local SLM: summary copied", 4_000);
    return;
  }
  if (!input.origin) {
    const copy = await vscode.window.showInformationMessage(`Local SLM: this is a summary of a whole file (${input.label}), not of a selection: there is nothing to insert into. Copy it instead?`, "Copy");
    if (copy) await vscode.env.clipboard.writeText(summary);
    return;
  }
  const { editor, selection, version } = input.origin;
  if (editor.document.isClosed || editor.document.version !== version) {
    const copy = await vscode.window.showWarningMessage(
      "Local SLM: the document changed while the summary was written, so it was left alone. Copy the summary instead?",
      "Copy",
    );
    if (copy) await vscode.env.clipboard.writeText(summary);
    return;
  }
  const shown = await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  await shown.edit((edit) => {
    if (choice === "Replace Selection") edit.replace(selection, summary);
    else edit.insert(selection.end, `${selection.end.character === 0 ? "" : "\n"}\n${summary}\n`);
  });
}

function configuredWords(): number {
  return readSummaryWords();
}

async function chooseWords(): Promise<number | undefined> {
  const items = [
    ...Object.entries(LENGTH_PRESETS).map(([name, words]) => ({ label: name[0]!.toUpperCase() + name.slice(1), description: `up to ${words} words`, words })),
    { label: "Number of words…", description: "", words: 0 },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: "Local SLM: summary length" });
  if (!choice) return undefined;
  if (choice.words > 0) return choice.words;
  const typed = await vscode.window.showInputBox({
    title: "Local SLM: summarize in up to N words",
    value: "80",
    validateInput: (value) => (/^\d+$/.test(value) && Number(value) >= 10 && Number(value) <= 1000 ? undefined : "A whole number from 10 to 1,000"),
  });
  return typed === undefined ? undefined : Number(typed);
}
