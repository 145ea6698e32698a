// Wires the statistics store: loads and saves it as a file in the extension's global storage
// (this machine only), records requests, and registers Show Statistics.
import * as vscode from "vscode";
import { showStatisticsPanel } from "./statisticsPanel";
import { UsageStatistics } from "./usageStatistics";
import { readCloudPrices } from "../settings";

const FILE = "usage-statistics.json";
const SAVE_DELAY_MS = 2000;

export async function createStatistics(context: vscode.ExtensionContext): Promise<UsageStatistics> {
  const file = vscode.Uri.joinPath(context.globalStorageUri, FILE);
  let saved: unknown;
  try {
    saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
  } catch {
    saved = undefined; // none yet, or unreadable: start empty
  }
  const store = new UsageStatistics(saved);
  let timer: NodeJS.Timeout | undefined;
  const save = async () => {
    timer = undefined;
    await vscode.workspace.fs.createDirectory(context.globalStorageUri);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(store.toJSON())));
  };
  context.subscriptions.push(
    store.onDidChange(() => (timer ??= setTimeout(() => void save().catch(() => undefined), SAVE_DELAY_MS))),
    { dispose: () => timer && (clearTimeout(timer), void save().catch(() => undefined)) },
    vscode.commands.registerCommand("localSlm.showStatistics", () => showStatisticsPanel(context.extensionUri, store, cloudPrices)),
    vscode.commands.registerCommand("localSlm.clearStatistics", () => store.clear()),
  );
  return store;
}

export const cloudPrices = readCloudPrices;
