// `local-slm download <catalog-id|hf:org/repo/file.gguf|URL> [--dir D] [--wait] [--json]
// [--progress-json]`: one of the recommended models (no argument lists them) or any GGUF URL,
// resumable, checked by the worker before it gets its name. Progress on stderr; the path (or JSON)
// on stdout. --progress-json: one JSON object per line on stdout ({progress}, then {done} or
// {error}), for the extension, which runs downloads in this process: SIGTERM cancels, and the
// process exit ends ipull's own retries, which do not stop on cancel (a server that resets
// connections was retried for minutes after a cancel when the download ran in the editor).
import { CATALOG, resolveDownloadSource } from "../../models/catalog";
import { DownloadError, downloadModelFile, type DownloadProgress } from "../../models/downloadModel";
import { defaultDownloadFolder } from "../../models/knownLocations";
import { verifyInWorker } from "../../models/verifyDownload";
import { formatBytes } from "../../shared/formatBytes";
import { CliError } from "../cliError";
import { metadataEngine } from "../engineSession";
import { intOption, parse } from "../options";
import { printResult } from "../output";
import { resolve } from "node:path";

export async function downloadCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { dir: { type: "string" }, wait: { type: "boolean", default: false }, "progress-json": { type: "boolean", default: false }, "stall-timeout": { type: "string" } }, true);
  if (positionals.length === 0) {
    if (values.json) printResult(true, { catalog: CATALOG });
    else for (const m of CATALOG) process.stdout.write(`${m.id}  ${m.name}  ~${formatBytes(m.approxSizeBytes)}, ~${formatBytes(m.approxMemoryBytes)} memory  ${m.goodFor}  ${m.published.join(", ")}\n`);
    return;
  }
  let source;
  try {
    source = resolveDownloadSource(positionals[0]!);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const dir = resolve(values.dir ?? process.env.LOCAL_SLM_DOWNLOAD_DIR ?? defaultDownloadFolder());
  const abort = new AbortController();
  process.once("SIGINT", () => abort.abort());
  process.once("SIGTERM", () => abort.abort());
  const lines = values["progress-json"] === true;
  const emit = (value: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(value)}\n`);
  const engine = metadataEngine(values.verbose === true);
  const started = performance.now();
  let lastLine = 0;
  try {
    const path = await downloadModelFile({
      url: source.url,
      dir,
      fileName: source.fileName,
      signal: abort.signal,
      ifLocked: values.wait ? "wait" : "fail",
      stallTimeoutMs: intOption("stall-timeout", values["stall-timeout"], 60, 1) * 1000,
      verify: verifyInWorker(engine),
      onProgress: (p) => {
        if (lines) return void emit({ progress: p });
        const now = performance.now();
        if (now - lastLine < 1000 && !(p.totalBytes > 0 && p.downloadedBytes >= p.totalBytes)) return;
        lastLine = now;
        process.stderr.write(`${progressLine(p)}\n`);
      },
    });
    const result = { path, url: source.url, ms: Math.round(performance.now() - started) };
    if (lines) emit({ done: result });
    else printResult(values.json, result, values.json ? undefined : path);
  } catch (error) {
    if (lines) emit({ error: { code: error instanceof DownloadError ? error.code : "failed", message: error instanceof Error ? error.message.split("\n")[0] : String(error) } });
    if (error instanceof DownloadError) throw new CliError(error.message, error.code === "cancelled" ? 130 : 1);
    throw error;
  } finally {
    await engine.dispose();
  }
}

export function progressLine(p: DownloadProgress): string {
  if (p.totalBytes <= 0) return `${formatBytes(p.downloadedBytes)} (size not announced)${p.bytesPerSecond > 0 ? `, ${formatBytes(p.bytesPerSecond)}/s` : ""}`;
  const share = ` (${Math.floor((p.downloadedBytes / p.totalBytes) * 100)}%)`;
  const speed = p.bytesPerSecond > 0 ? `, ${formatBytes(p.bytesPerSecond)}/s` : "";
  const left = Number.isFinite(p.secondsLeft) && p.secondsLeft > 0 ? `, ${Math.ceil(p.secondsLeft)} s left` : "";
  return `${formatBytes(p.downloadedBytes)} of ${formatBytes(p.totalBytes)}${share}${speed}${left}`;
}
