// Runs one prompt on the local model and delivers the answer where the command says: streamed
// into a Markdown document beside the text, replacing or inserted after the selection (one edit,
// only if the document did not change meanwhile), or in a notification. Cancellable throughout;
// the user's document is never left with half an answer.
import * as vscode from "vscode";
import type { GenerationResult } from "../../protocol/types";
import { cleanModelText } from "../../text/cleanModelText";
import { answerForDocument } from "../../text/textCommands/answerText";
import type { SamplingChoice } from "../../text/textCommands/sampling";
import type { TextCommandOutput } from "../../text/textCommands/textCommandSettings";
import type { TextEngine } from "../../text/textEngine";
import { showEngineError } from "../errors";
import type { ReadOnlyDocuments } from "../textTools/readOnlyDocuments";
import { SummaryDocument } from "../textTools/summaryDocument";

export interface PromptJob {
  title: string;
  prompt: string;
  sampling: SamplingChoice;
  output: TextCommandOutput;
  /** Where replace/insert write: the editor and selection the command ran on. */
  origin: { editor: vscode.TextEditor; selection: vscode.Selection; version: number };
}

export async function runPrompt(engine: TextEngine, job: PromptJob, documents: ReadOnlyDocuments, log: vscode.LogOutputChannel): Promise<void> {
  const document = job.output === "document" ? await SummaryDocument.open(documents, job.title) : undefined;
  const abort = new AbortController();
  let streamed = "";
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Local SLM: ${job.title}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        const model = await engine.ensureModel();
        const request = {
          signal: abort.signal,
          onPromptProgress: (evaluated: number, total: number) => progress.report({ message: `reading (${Math.round((100 * evaluated) / total)}%)` }),
          onPartialText: (delta: string) => {
            if (streamed === "") progress.report({ message: "writing" });
            const clean = cleanModelText(delta); // no U+FFFD, control or bidi characters in a document
            streamed += clean;
            document?.append(clean);
          },
        };
        // Instruct models get their chat template; a base model continues a plain prompt.
        const result: GenerationResult = model.chatTemplate
          ? await engine.chat({ messages: [{ role: "user", content: job.prompt }], ...job.sampling }, request)
          : await engine.generate({ prompt: `${job.prompt}\n\n`, sequence: "text", ...job.sampling }, request);
        return result;
      },
    );
    if (result.stopReason === "aborted" || abort.signal.aborted) throw new vscode.CancellationError();
    log.info(`${job.title}: ${result.timings.promptTokens} prompt tokens, ${result.timings.generatedTokens} generated in ${result.timings.totalMs} ms (${result.stopReason})`);
    await document?.settle();
    await deliver(job, result.text);
  } catch (error) {
    await document?.settle();
    if (abort.signal.aborted || error instanceof vscode.CancellationError) {
      document?.append(`${streamed ? "\n\n" : ""}_Cancelled: the answer above is incomplete._\n`);
      await document?.settle();
      return;
    }
    document?.append(`\n\n_Failed: ${error instanceof Error ? error.message : String(error)}_\n`);
    await document?.settle();
    showEngineError(error, log);
  }
}

async function deliver(job: PromptJob, text: string): Promise<void> {
  const answer = answerForDocument(text);
  if (job.output === "document") return;
  if (answer === "") {
    void vscode.window.showWarningMessage(`Local SLM: ${job.title}: the model gave an empty answer; nothing was changed.`);
    return;
  }
  if (job.output === "notification") {
    const choice = await vscode.window.showInformationMessage(`${job.title}: ${answer}`, "Copy");
    if (choice === "Copy") await vscode.env.clipboard.writeText(answer);
    return;
  }
  const { editor, selection, version } = job.origin;
  if (editor.document.isClosed || editor.document.version !== version) {
    const copy = await vscode.window.showWarningMessage(`Local SLM: the document changed while "${job.title}" ran, so it was left alone. Copy the answer instead?`, "Copy");
    if (copy) await vscode.env.clipboard.writeText(answer);
    return;
  }
  const shown = await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  await shown.edit((edit) => {
    if (job.output === "replace") edit.replace(selection, answer);
    else edit.insert(selection.end, `${selection.end.character === 0 ? "" : "\n"}${answer}\n`);
  });
}
