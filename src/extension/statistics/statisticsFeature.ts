// Wires the statistics store: loads and saves it as a file in the extension's global storage
// (this machine only), records requests, and registers Show Statistics.
import * as vscode from "vscode";
import { showStatisticsPanel } from "./statisticsPanel";
import { UsageStatistics } from "./usageStatistics";
import { readCloudPrices } from "../settings";

const FILE = "usage-statistics.json";
const SAVE_DELAY_MS = 2000;

export async function createStatistics(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<UsageStatistics> {
  const file = vscode.Uri.joinPath(context.globalStorageUri, FILE);
  let saved: unknown;
  try {
    saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
  } catch {
    saved = undefined; // none yet, or unreadable: start empty
  }
  const store = new UsageStatistics(saved);
  let timer: NodeJS.Timeout | undefined;
  // Losing statistics is not worth a toast, but it is worth a line in the log (a full disk, a
  // read-only profile): once per run, not every 2 seconds.
  let reported = false;
  const reportFailure = (error: unknown) => {
    if (reported) return;
    reported = true;
    log.warn(`statistics could not be saved to ${file.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
  };
  const save = async () => {
    timer = undefined;
    await vscode.workspace.fs.createDirectory(context.globalStorageUri);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(store.toJSON())));
  };
  context.subscriptions.push(
    store.onDidChange(() => (timer ??= setTimeout(() => void save().catch(reportFailure), SAVE_DELAY_MS))),
    { dispose: () => timer && (clearTimeout(timer), void save().catch(reportFailure)) },
    vscode.commands.registerCommand("localSlm.showStatistics", () => showStatisticsPanel(context.extensionUri, store, cloudPrices)),
    vscode.commands.registerCommand("localSlm.clearStatistics", () => store.clear()),
  );
  return store;
}

export const cloudPrices = readCloudPrices;
