// The Show Statistics page: one webview (local assets only, strict CSP) fed by the store; it
// updates live and can clear the store after a confirmation.
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { CloudPrice, UsageStatistics } from "./usageStatistics";

let panel: vscode.WebviewPanel | undefined;

export function showStatisticsPanel(extensionUri: vscode.Uri, store: UsageStatistics, prices: () => CloudPrice[]): vscode.WebviewPanel {
  if (panel) {
    panel.reveal();
    return panel;
  }
  const media = vscode.Uri.joinPath(extensionUri, "media");
  const created = vscode.window.createWebviewPanel("localSlm.statistics", "Local SLM: Statistics", vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [media] });
  panel = created;
  const nonce = randomBytes(16).toString("base64");
  const asset = (name: string) => created.webview.asWebviewUri(vscode.Uri.joinPath(media, name));
  created.webview.html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${created.webview.cspSource}; script-src 'nonce-${nonce}';">
<link rel="stylesheet" href="${asset("statistics.css")}"><title>Statistics</title></head>
<body><main id="app" aria-live="polite"></main><script nonce="${nonce}" src="${asset("statistics.js")}"></script></body></html>`;
  const post = () => void created.webview.postMessage({ type: "summary", summary: store.summary(prices()) });
  const subscriptions = [
    store.onDidChange(post),
    created.webview.onDidReceiveMessage(async (message: { type?: string }) => {
      if (message?.type === "ready") post();
      if (message?.type === "clear") {
        const yes = await vscode.window.showWarningMessage("Local SLM: clear all usage statistics on this machine?", { modal: true }, "Clear");
        if (yes) store.clear();
      }
    }),
  ];
  created.onDidDispose(() => {
    for (const s of subscriptions) s.dispose();
    panel = undefined;
  });
  return created;
}
