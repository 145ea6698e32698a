// Downloads a model the user asked for, with node-llama-cpp's downloader (ipull: resumable, with
// retries). The bytes go to "<name>.download.ipull" (ipull's partial file, holding its progress
// record), which ipull renames to "<name>.download" when every byte has arrived; this module then
// checks it (size announced by the server, GGUF signature, optional caller's check) and only then
// renames it to "<name>". So a partial or unchecked file never has a model's name, and discovery
// skips both temporary names. This is the one module that uses the network (test/unit/privacy
// checks that), only over https, except to this machine (tests).
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat, statfs } from "node:fs/promises";
import { join } from "node:path";
import { importNodeLlamaCpp } from "../engine/nodeLlamaCpp";
import { formatBytes } from "../shared/formatBytes";
import { DownloadError } from "./downloadError";
import { lockDownload } from "./downloadLock";
import { ProgressMeter, type DownloadProgress } from "./downloadProgress";

export { DownloadError, type DownloadErrorCode } from "./downloadError";
export type { DownloadProgress } from "./downloadProgress";

export interface DownloadRequest {
  /** https (or http to this machine) URL of a .gguf file. */
  url: string;
  dir: string;
  fileName: string;
  /** Aborting cancels the download at once; the partial file stays and the next attempt resumes it. */
  signal?: AbortSignal;
  /** Called at most every 200 ms, and once at the end. */
  onProgress?(progress: DownloadProgress): void;
  /** Another process (window) downloads the same file: refuse at once ("fail", default) or wait for it ("wait"). */
  ifLocked?: "fail" | "wait";
  /** No byte for this long stops the download (resumable). Default 60 s. */
  stallTimeoutMs?: number;
  /** Expected SHA-256 (hex), when known: a file with another hash is deleted, not used. */
  sha256?: string;
  /** A last check before the file gets its name (e.g. the worker reading its metadata): a message refuses it. */
  verify?(path: string): Promise<string | undefined>;
  /** Free bytes in `dir`; default statfs. For tests and file systems statfs cannot measure. */
  freeSpace?(dir: string): Promise<number>;
}

const PROGRESS_INTERVAL_MS = 200;

/** The names a download uses before the file is complete and checked (discovery skips them). */
export function temporaryNames(fileName: string): { staged: string; partial: string } {
  return { staged: `${fileName}.download`, partial: `${fileName}.download.ipull` };
}

export async function downloadModelFile(request: DownloadRequest): Promise<string> {
  assertAllowedUrl(request.url);
  const { fileName, dir } = request;
  if (/[\\/]/.test(fileName) || fileName.startsWith(".") || !/\.gguf$/i.test(fileName)) throw new DownloadError("failed", `"${fileName}" is not a plain .gguf file name.`);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw fsError(error, dir, fileName);
  }
  const target = join(dir, fileName);
  // The lock is the first write into the folder: a read-only or forbidden folder fails here.
  const lock = await lockDownload(target, request.ifLocked ?? "fail", request.signal).catch((error: unknown) => {
    throw error instanceof DownloadError ? error : fsError(error, dir, fileName);
  });
  try {
    if (await isFile(target)) return target; // only complete, checked files ever have this name
    const staged = join(dir, temporaryNames(fileName).staged);
    const announced = await fetchToStaged(request, staged);
    lock.assertHeld();
    await check(request, staged, announced);
    await rename(staged, target);
    return target;
  } catch (error) {
    if (request.signal?.aborted) throw new DownloadError("cancelled", `The download of ${fileName} was cancelled; the next attempt continues from what was saved of it.`);
    if (error instanceof DownloadError) throw error;
    throw fsError(error, dir, fileName);
  } finally {
    await lock.release();
  }
}

/**
 * Runs ipull until "<name>.download" is complete (resuming "<name>.download.ipull" if there is one).
 * Returns the size the server announced (0 when it did not). The abort signal and a watchdog cover
 * every phase: ipull retries a failing server or file for many minutes on its own.
 */
async function fetchToStaged(request: DownloadRequest, staged: string): Promise<number> {
  const nlc = await importNodeLlamaCpp();
  type Downloader = Awaited<ReturnType<typeof nlc.createModelDownloader>>;
  const meter = new ProgressMeter();
  const stallMs = request.stallTimeoutMs ?? 60_000;
  let downloader: Downloader | undefined;
  let interrupt: (error: DownloadError) => void = () => undefined;
  let interruptedBy: DownloadError | undefined;
  let lastReport = 0;
  let watchdog: NodeJS.Timeout | undefined;
  const armWatchdog = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => interrupt(stalledError(request, stallMs, downloader)), stallMs);
  };
  // download() does not settle after cancel(): this promise ends the wait instead.
  const interrupted = new Promise<never>((_, reject) => {
    interrupt = (error) => {
      if (interruptedBy) return;
      interruptedBy = error;
      void (downloader?.cancel({ deleteTempFile: false }) ?? Promise.resolve()).finally(() => reject(error));
    };
  });
  interrupted.catch(() => undefined);
  const onAbort = () => interrupt(new DownloadError("cancelled", `The download of ${request.fileName} was cancelled; the next attempt continues from what was saved of it.`));
  request.signal?.addEventListener("abort", onAbort, { once: true });
  if (request.signal?.aborted) onAbort();
  const stopWatchingWrites = watchWriteFailures((error) => interrupt(fsError(error, request.dir, request.fileName)));
  armWatchdog();

  try {
    const creating = nlc.createModelDownloader({
      modelUri: request.url,
      dirPath: request.dir,
      fileName: temporaryNames(request.fileName).staged,
      showCliProgress: false,
      // A complete "<name>.download" of the announced size (its checks were interrupted) is used as
      // it is; otherwise ipull writes "<name>.download.ipull" with its progress record.
      skipExisting: true,
      deleteTempFileOnCancel: false, // keep the partial file: the next attempt resumes it
      parallelDownloads: 1,
      onProgress: ({ totalSize, downloadedSize }) => {
        armWatchdog();
        const progress = meter.update(downloadedSize, totalSize);
        const now = performance.now();
        if (request.onProgress && (now - lastReport >= PROGRESS_INTERVAL_MS || (totalSize > 0 && downloadedSize >= totalSize))) {
          lastReport = now;
          request.onProgress(progress);
        }
      },
    });
    // Interrupted while it was still being created: cancel it when it arrives.
    void creating.then((late) => interruptedBy && late.cancel({ deleteTempFile: false }), () => undefined);
    downloader = await Promise.race([creating, interrupted]);

    const total = downloader.totalSize;
    const already = downloader.downloadedSize;
    meter.start(already);
    const free = await (request.freeSpace ?? freeBytes)(request.dir).catch(() => Infinity);
    if (total > 0 && total - already > free) {
      await downloader.cancel({ deleteTempFile: false });
      throw new DownloadError("disk-full", `Not enough disk space for ${request.fileName}: it needs ${formatBytes(total - already)} more but ${request.dir} has ${formatBytes(free)} free. Free some space and try again.`);
    }
    await Promise.race([downloader.download(), interrupted]);
    if (!(await isFile(staged))) throw new DownloadError("failed", `The download of ${request.fileName} ended without a file; try again.`);
    const size = (await stat(staged)).size;
    request.onProgress?.(meter.update(size, total || size));
    return total;
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw httpError(error, request);
  } finally {
    clearTimeout(watchdog);
    request.signal?.removeEventListener("abort", onAbort);
    stopWatchingWrites();
  }
}

/**
 * ipull's writes are chained with .then() and no catch: a full disk surfaces as an unhandled
 * rejection (which ends a Node CLI) and the download never settles. While a download runs, such
 * a file-write failure stops it with a clear error instead; any other unhandled rejection keeps
 * Node's behaviour.
 */
function watchWriteFailures(onFailure: (error: NodeJS.ErrnoException) => void): () => void {
  const listener = (reason: unknown) => {
    const error = reason as NodeJS.ErrnoException | undefined;
    if (error && typeof error === "object" && error.syscall === "write" && typeof error.code === "string") {
      onFailure(error);
      return;
    }
    if (process.listenerCount("unhandledRejection") === 1) throw reason; // only us: as if there were none
  };
  process.on("unhandledRejection", listener);
  // Writes already queued fail after the download has stopped: keep catching them a little longer.
  return () => void setTimeout(() => process.off("unhandledRejection", listener), 5000).unref();
}

function stalledError(request: DownloadRequest, stallMs: number, downloader: { downloadedSize: number; totalSize: number } | undefined): DownloadError {
  const seconds = Math.round(stallMs / 1000);
  if (!downloader) return new DownloadError("stalled", `Nothing happened for ${seconds} s: the server does not answer, or ${request.dir} cannot be written. Try again later.`);
  const at = `at ${formatBytes(downloader.downloadedSize)} of the ${formatBytes(downloader.totalSize)} it announced`;
  return new DownloadError("stalled", `The server sent nothing for ${seconds} s (${at}); try again later: the download resumes.`);
}

/** The checks a downloaded file passes before it gets the model's name; a failing file is deleted. */
async function check(request: DownloadRequest, staged: string, announced: number): Promise<void> {
  const refuse = async (code: "size-mismatch" | "not-gguf" | "checksum", message: string): Promise<never> => {
    await rm(staged, { force: true });
    throw new DownloadError(code, message);
  };
  const size = (await stat(staged)).size;
  if (announced > 0 && size !== announced) {
    await refuse("size-mismatch", `The download of ${request.fileName} has ${size} bytes but the server announced ${announced}; it was deleted: try again.`);
  }
  if (!(await startsWithGguf(staged))) await refuse("not-gguf", `${request.url} did not send a GGUF model (wrong address, or a login page?); nothing was saved.`);
  if (request.sha256 && (await sha256Of(staged)) !== request.sha256.toLowerCase()) {
    await refuse("checksum", `The download of ${request.fileName} does not have the expected SHA-256; it was deleted: try again.`);
  }
  const problem = await request.verify?.(staged);
  if (problem) await refuse("not-gguf", `The download of ${request.fileName} is not a usable model (${problem}); it was deleted.`);
}

function httpError(error: unknown, request: DownloadRequest): DownloadError {
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === "number") {
    const hint = status === 401 || status === 403 ? " (the model may need a login or an accepted licence on its page)" : status === 404 ? " (wrong address?)" : "";
    return new DownloadError("http", `The server refused the download of ${request.fileName}: HTTP ${status}${hint}.`);
  }
  if ((error as NodeJS.ErrnoException).code === "ENOSPC") return fsError(error, request.dir, request.fileName);
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new DownloadError("failed", `Could not download ${request.fileName}: ${message}`);
}

function fsError(error: unknown, dir: string, fileName: string): DownloadError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOSPC") return new DownloadError("disk-full", `The disk is full: ${fileName} needs more space in ${dir}. Free some space and try again (the download resumes).`);
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") return new DownloadError("failed", `Cannot write to ${dir} (${code}): choose another download folder.`);
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new DownloadError("failed", `Could not download ${fileName}: ${message}`);
}

export function assertAllowedUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DownloadError("insecure", `"${url}" is not a URL.`);
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback)) {
    throw new DownloadError("insecure", `Refusing to download over ${parsed.protocol.replace(":", "")}: only https is used (${url}).`);
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

async function startsWithGguf(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const magic = Buffer.alloc(4);
    const { bytesRead } = await handle.read(magic, 0, 4, 0);
    return bytesRead === 4 && magic.toString("latin1") === "GGUF";
  } finally {
    await handle.close();
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}
