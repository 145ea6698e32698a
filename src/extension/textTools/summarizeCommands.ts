// Summarize Selection / Summarize File: the summary streams into a Markdown document beside the
// text, with a cancellable progress notification ("part 3 of 7"); when it is done the user can
// copy it, insert it below the selection or replace the selection (one edit: undo restores).
import * as vscode from "vscode";
import { showEngineError } from "../errors";
import { SummaryDocument } from "./summaryDocument";
import { fileInput, selectionInput, type TextInput } from "./textInput";
import { summarizeText } from "../../text/summarize";
import { SUMMARY_PRESETS as LENGTH_PRESETS } from "../../text/summaryPrompt";
import type { TextEngine } from "../../text/textEngine";
import type { UsageStatistics } from "../statistics/usageStatistics";
import { readSummaryWords } from "../settings";

export function registerSummarize(tools: () => TextEngine, log: vscode.LogOutputChannel, statistics: UsageStatistics): vscode.Disposable[] {
  const run = async (input: TextInput | undefined, words: number | undefined) => {
    if (!input || words === undefined) return;
    await summarize(tools(), input, words, log, statistics);
  };
  return [
    vscode.commands.registerCommand("localSlm.summarizeSelection", async () => run(await selectionInput("summarize"), configuredWords())),
    vscode.commands.registerCommand("localSlm.summarizeSelectionChooseLength", async () => {
      const input = await selectionInput("summarize");
      if (input) await run(input, await chooseWords());
    }),
    vscode.commands.registerCommand("localSlm.summarizeFile", async (uri?: vscode.Uri) => run(await fileInput(uri, "summarize"), configuredWords())),
  ];
}

async function summarize(engine: TextEngine, input: TextInput, words: number, log: vscode.LogOutputChannel, statistics: UsageStatistics): Promise<void> {
  const output = await SummaryDocument.open(`Summary of ${input.label} (up to ${words} words)`);
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
    await offerActions(result.text, input);
  } catch (error) {
    await output.settle();
    if (abort.signal.aborted) {
      output.append(`${text ? "\n\n" : ""}_Cancelled: the summary above is incomplete._\n`);
      await output.settle();
      return;
    }
    output.append(`\n\n_Failed: ${error instanceof Error ? error.message : String(error)}_\n`);
    await output.settle();
    showEngineError(error, log);
  }
}

async function offerActions(summary: string, input: TextInput): Promise<void> {
  const actions = input.origin ? ["Copy", "Insert Below", "Replace Selection"] : ["Copy"];
  const choice = await vscode.window.showInformationMessage(`Local SLM: summary of ${input.label} is ready.`, ...actions);
  if (choice === "Copy") {
    await vscode.env.clipboard.writeText(summary);
    return;
  }
  if (!choice || !input.origin) return;
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
