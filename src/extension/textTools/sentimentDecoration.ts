// Shows a sentiment result where the eye is: after the selection, with every label's share on
// hover. It goes away when the document changes.
import * as vscode from "vscode";
import { percent } from "../../shared/percent";
import type { Sentiment as SentimentResult } from "../../text/sentiment";

const COLORS = { positive: "charts.green", negative: "charts.red", neutral: "charts.foreground" } as const;
const ICONS = { positive: "👍", negative: "👎", neutral: "•" } as const;

export class SentimentDecorations implements vscode.Disposable {
  private readonly types = new Map(
    (Object.keys(COLORS) as (keyof typeof COLORS)[]).map((label) => [
      label,
      vscode.window.createTextEditorDecorationType({
        after: { margin: "0 0 0 1.5em", color: new vscode.ThemeColor(COLORS[label]), fontStyle: "italic" },
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      }),
    ]),
  );
  private readonly subscription = vscode.workspace.onDidChangeTextDocument((event) => {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document === event.document) this.clear(editor);
  });

  show(editor: vscode.TextEditor, range: vscode.Range, result: SentimentResult): void {
    this.clear(editor);
    const hover = new vscode.MarkdownString(
      `**Sentiment: ${result.label}** (${percent(result.confidence)})\n\n| label | share |\n|---|---|\n${Object.entries(result.scores)
        .map(([label, score]) => `| ${label} | ${percent(score)} |`)
        .join("\n")}\n\n_Local SLM, on this machine._`,
    );
    const end = new vscode.Range(range.end, range.end);
    editor.setDecorations(this.types.get(result.label)!, [
      { range: end, hoverMessage: hover, renderOptions: { after: { contentText: `${ICONS[result.label]} ${result.label} ${percent(result.confidence)}` } } },
    ]);
  }

  clear(editor: vscode.TextEditor): void {
    for (const type of this.types.values()) editor.setDecorations(type, []);
  }

  dispose(): void {
    this.subscription.dispose();
    for (const type of this.types.values()) type.dispose();
  }
}

