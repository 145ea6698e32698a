// Classify Sentiment (the selection: one label, shown beside it) and Classify Sentiment per Line
// (one item per line: a table with totals, exportable as CSV). Labels come from scoring the three
// labels' tokens, so the answer is always exactly one of them.
import * as vscode from "vscode";
import { showEngineError } from "../errors";
import { percent } from "../../shared/percent";
import { SentimentDecorations } from "./sentimentDecoration";
import { showSentimentTable } from "./sentimentTable";
import { documentInput, fileInput, selectionInput, type TextInput } from "./textInput";
import { classifyLines, classifySentiment } from "../../text/sentiment";
import type { TextEngine } from "../../text/textEngine";
import type { UsageStatistics } from "../statistics/usageStatistics";

export function registerSentiment(tools: () => TextEngine, log: vscode.LogOutputChannel, extensionUri: vscode.Uri, statistics: UsageStatistics): vscode.Disposable[] {
  const decorations = new SentimentDecorations();

  const classify = async () => {
    const input = await selectionInput("classify");
    if (!input?.origin) return;
    const abort = new AbortController();
    const started = performance.now();
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: "Local SLM: classifying sentiment", cancellable: true },
        (_progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          return classifySentiment(tools(), input.text, { signal: abort.signal });
        },
      );
      const { editor, selection } = input.origin;
      if (!editor.document.isClosed) decorations.show(editor, selection, result);
      const scores = Object.entries(result.scores).map(([label, score]) => `${label} ${percent(score)}`).join(", ");
      vscode.window.setStatusBarMessage(`$(comment-discussion) Sentiment: ${result.label} (${percent(result.confidence)})`, 6000);
      statistics.record({ time: Date.now(), kind: "sentiment", latencyMs: Math.round(performance.now() - started), promptTokens: 0, promptTokensEvaluated: 0, generatedTokens: 0 });
      log.info(`sentiment of ${input.label}: ${result.label} (${scores})`);
    } catch (error) {
      if (!abort.signal.aborted) showEngineError(error, log);
    }
  };

  const perLine = async (input: TextInput | undefined) => {
    if (!input) return;
    const abort = new AbortController();
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Local SLM: sentiment per line of ${input.label}`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          let reported = 0;
          return classifyLines(tools(), input.text, {
            signal: abort.signal,
            onProgress: (done, total) => {
              const increment = ((done - reported) / Math.max(1, total)) * 100;
              reported = done;
              progress.report({ message: `${done} of ${total} lines`, increment });
            },
          });
        },
      );
      log.info(`sentiment per line of ${input.label}: ${result.items.length} lines, ${JSON.stringify(result.totals)}, ${result.skippedBlankLines} blank skipped`);
      showSentimentTable(extensionUri, input.label, result);
    } catch (error) {
      if (abort.signal.aborted) void vscode.window.showInformationMessage("Local SLM: sentiment per line cancelled; nothing was changed.");
      else showEngineError(error, log);
    }
  };

  return [
    decorations,
    vscode.commands.registerCommand("localSlm.classifySentiment", classify),
    vscode.commands.registerCommand("localSlm.classifySentimentPerLine", async (uri?: vscode.Uri) => {
      // From the explorer: the file; from the editor: the selection, or the whole file without one.
      const editor = vscode.window.activeTextEditor;
      if (uri instanceof vscode.Uri || !editor) return perLine(await fileInput(uri instanceof vscode.Uri ? uri : undefined, "classify"));
      return perLine(editor.selection.isEmpty ? documentInput(editor, "classify") : await selectionInput("classify"));
    }),
  ];
}
