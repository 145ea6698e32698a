// Download Model: a short list of recommended small models; the download shows size, speed and
// time left, can be cancelled, and the model is used as soon as it is complete. The download runs
// in a child process (src/host/downloadProcess.ts says why).
import * as vscode from "vscode";
import { CATALOG, downloadUrl } from "../../models/catalog";
import { downloadInProcess } from "../../host/downloadProcess";
import { formatBytes } from "../../shared/formatBytes";
import { readDownloadFolder, readEngineConfig, writeUserSetting } from "../settings";
import { defaultDownloadFolder } from "../../models/knownLocations";
import { useModel } from "./selectModel";

const GOOD_FOR = { completion: "code completion", text: "summaries and sentiment", both: "completion and text tools" } as const;

export async function downloadModel(log: vscode.LogOutputChannel, cliPath: string): Promise<string | undefined> {
  const choice = await vscode.window.showQuickPick(
    CATALOG.map((model) => ({
      label: model.name,
      description: `${formatBytes(model.approxSizeBytes)} download · ~${formatBytes(model.approxMemoryBytes)} memory · ${GOOD_FOR[model.goodFor]}`,
      detail: model.notes,
      model,
    })),
    { title: "Local SLM: Download a recommended model", placeHolder: "Downloaded once, then everything runs on this machine" },
  );
  if (!choice) return undefined;
  const model = choice.model;
  const dir = readDownloadFolder() ?? defaultDownloadFolder();
  log.info(`downloading ${model.name} from ${downloadUrl(model)} to ${dir}`);
  try {
    const path = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Local SLM: downloading ${model.name}`, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        return downloadInProcess({
          cliPath,
          source: model.id,
          dir,
          signal: abort.signal,
          onProgress: (p) => {
            const share = p.totalBytes > 0 ? p.downloadedBytes / p.totalBytes : 0;
            const left = Number.isFinite(p.secondsLeft) ? `, ${formatDuration(p.secondsLeft)} left` : "";
            progress.report({ increment: (share - reported) * 100, message: `${formatBytes(p.downloadedBytes)} of ${formatBytes(p.totalBytes)} at ${formatBytes(p.bytesPerSecond)}/s${left}` });
            reported = share;
          },
        });
      },
    );
    log.info(`downloaded ${path}`);
    const forText = model.goodFor === "text" && readEngineConfig().modelPath !== undefined;
    const use = await vscode.window.showInformationMessage(`Local SLM: ${model.name} is downloaded (${path}).`, forText ? "Use for Text Tools" : "Use It Now");
    if (use === "Use for Text Tools") await writeUserSetting("textModelPath", path);
    else if (use) await useModel(path);
    return path;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn(message);
    void vscode.window.showWarningMessage(`Local SLM: ${message}`);
    return undefined;
  }
}

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
