// The per-line sentiment result as a page: a sortable table of line, label and confidence with
// totals per label, and an Export CSV button. The page is local (no remote content, strict CSP).
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { sentimentCsv } from "../../text/csv";
import type { LinesSentiment as LinesResult } from "../../text/sentiment";

export function showSentimentTable(extensionUri: vscode.Uri, title: string, result: LinesResult): vscode.WebviewPanel {
  const media = vscode.Uri.joinPath(extensionUri, "media");
  const panel = vscode.window.createWebviewPanel("localSlm.sentimentTable", `Sentiment: ${title}`, vscode.ViewColumn.Beside, {
    enableScripts: true,
    localResourceRoots: [media],
  });
  const nonce = randomBytes(16).toString("base64");
  const asset = (name: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(media, name));
  panel.webview.html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${panel.webview.cspSource}; script-src 'nonce-${nonce}';">
<link rel="stylesheet" href="${asset("sentimentTable.css")}"><title>Sentiment</title></head>
<body><main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${asset("sentimentTable.js")}"></script></body></html>`;
  panel.webview.onDidReceiveMessage(async (message: { type?: string }) => {
    if (message?.type === "ready") void panel.webview.postMessage({ type: "result", title, result });
    if (message?.type === "exportCsv") await exportCsv(title, result);
  });
  return panel;
}

async function exportCsv(title: string, result: LinesResult): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `${title.replace(/[^\w.-]+/g, "-").replace(/^-|-$/g, "")}-sentiment.csv`;
  const target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, filters: { CSV: ["csv"] } });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(sentimentCsv(result)));
  void vscode.window.showInformationMessage(`Local SLM: saved ${result.items.length} rows to ${vscode.workspace.asRelativePath(target, false)}.`);
}
