// Download Model: a short list of recommended small models (with the scores their authors
// published, and where); the download shows size, speed and time left, can be cancelled, and the
// model is used as soon as it is complete. The download runs in a child process
// (src/host/downloadProcess.ts says why). When no bytes arrive (offline), the progress says so
// within seconds, naming the server; a failed download offers Retry and Show Log.
import * as vscode from "vscode";
import { CATALOG, type CatalogModel, downloadUrl } from "../../models/catalog";
import { DownloadError } from "../../models/downloadError";
import { downloadInProcess } from "../../host/downloadProcess";
import { formatBytes } from "../../shared/formatBytes";
import { readDownloadFolder, readEngineConfig, writeUserSetting } from "../settings";
import { defaultDownloadFolder } from "../../models/knownLocations";
import { useModel } from "./selectModel";
import { ArrivalWatch } from "./arrivalWatch";

/** The progress says "no bytes from <server>" after this long without one. */
const QUIET_MS = 5_000;
/** The download process gives up after this long without a byte (then Retry is offered). */
const STALL_TIMEOUT_SECONDS = 30;

const GOOD_FOR = { completion: "code completion", text: "summaries and sentiment", both: "completion and text tools", nextEdit: "next-edit suggestions" } as const;

export async function downloadModel(log: vscode.LogOutputChannel, cliPath: string): Promise<string | undefined> {
  const choice = await vscode.window.showQuickPick(
    CATALOG.map((model) => ({
      label: model.name,
      description: `${formatBytes(model.approxSizeBytes)} download · ~${formatBytes(model.approxMemoryBytes)} memory · ${GOOD_FOR[model.goodFor]}`,
      detail: `${model.notes} Published scores: ${model.published.join(", ")} (${model.publishedSource}; unquantized model, not measured here).`,
      model,
    })),
    { title: "Local SLM: Download a recommended model", placeHolder: "Downloaded once, then everything runs on this machine" },
  );
  if (!choice) return undefined;
  return download(choice.model, log, cliPath);
}

async function download(model: CatalogModel, log: vscode.LogOutputChannel, cliPath: string): Promise<string | undefined> {
  const dir = readDownloadFolder() ?? defaultDownloadFolder();
  const url = downloadUrl(model);
  const server = new URL(url).host;
  log.info(`downloading ${model.name} from ${url} to ${dir}`);
  try {
    const path = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Local SLM: downloading ${model.name}`, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        progress.report({ message: `connecting to ${server}…` });
        const watch = new ArrivalWatch(
          QUIET_MS,
          (seconds) => {
            log.warn(`download of ${model.name}: no bytes from ${server} for ${seconds} s`);
            progress.report({ message: `no bytes from ${server} for ${seconds} s: is this machine offline? (gives up after ${STALL_TIMEOUT_SECONDS} s; Cancel stops now)` });
          },
          () => log.info(`download of ${model.name}: bytes arrive again from ${server}`),
        );
        return downloadInProcess({
          cliPath,
          source: model.id,
          dir,
          signal: abort.signal,
          stallTimeoutSeconds: STALL_TIMEOUT_SECONDS,
          onProgress: (p) => {
            watch.bytes(p.downloadedBytes);
            const share = p.totalBytes > 0 ? p.downloadedBytes / p.totalBytes : 0;
            const left = Number.isFinite(p.secondsLeft) ? `, ${formatDuration(p.secondsLeft)} left` : "";
            progress.report({ increment: (share - reported) * 100, message: `${formatBytes(p.downloadedBytes)} of ${formatBytes(p.totalBytes)} at ${formatBytes(p.bytesPerSecond)}/s${left}` });
            reported = share;
          },
        }).finally(() => watch.dispose());
      },
    );
    log.info(`downloaded ${path}`);
    const forText = model.goodFor === "text" && readEngineConfig().modelPath !== undefined;
    const forNextEdit = model.goodFor === "nextEdit";
    const use = await vscode.window.showInformationMessage(`Local SLM: ${model.name} is downloaded (${path}).`, forNextEdit ? "Use for Next Edit" : forText ? "Use for Text Tools" : "Use It Now");
    if (use === "Use for Text Tools") await writeUserSetting("textModelPath", path);
    else if (use === "Use for Next Edit") {
      await writeUserSetting("nextEdit.modelPath", path);
      await writeUserSetting("nextEdit.enabled", true);
    }
    else if (use) await useModel(path);
    return path;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn(`download of ${model.name} from ${url} failed: ${message}`);
    if (error instanceof DownloadError && error.code === "cancelled") {
      void vscode.window.showInformationMessage(`Local SLM: ${message}`);
      return undefined;
    }
    const choice = await vscode.window.showWarningMessage(`Local SLM: downloading ${model.name} from ${server} failed: ${message}`, "Retry", "Show Log");
    if (choice === "Retry") return download(model, log, cliPath);
    if (choice === "Show Log") log.show(true);
    return undefined;
  }
}

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
