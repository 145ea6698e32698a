// Downloads a model the user asked for, with node-llama-cpp's downloader (ipull: parallel ranges,
// a dropped connection is resumed by itself; bytes go to "<name>.ipull" and the final name appears
// only when the file is complete, so a partial download is never loaded). This is the one module
// that uses the network (test/unit/privacy checks that), and only over https, except to this
// machine (tests).
import { mkdir, open, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { importNodeLlamaCpp } from "../engine/nodeLlamaCpp";

export interface DownloadProgress {
  downloadedBytes: number;
  totalBytes: number;
  bytesPerSecond: number;
  secondsLeft: number;
}

export interface DownloadRequest {
  url: string;
  dir: string;
  fileName: string;
  signal?: AbortSignal;
  onProgress?(progress: DownloadProgress): void;
}

export class DownloadError extends Error {}

export async function downloadModelFile(request: DownloadRequest): Promise<string> {
  assertAllowedUrl(request.url);
  await mkdir(request.dir, { recursive: true });
  const target = join(request.dir, request.fileName);
  const lock = await acquireLock(`${target}.lock`);
  try {
    if (await exists(target)) return target; // only complete files ever have this name
    const nlc = await importNodeLlamaCpp();
    const started = performance.now();
    const downloader = await nlc.createModelDownloader({
      modelUri: request.url,
      dirPath: request.dir,
      fileName: request.fileName,
      showCliProgress: false,
      // ipull's skipExisting writes straight to the final name with no progress record: a partial
      // file would look complete and could not resume. Without it, bytes go to "<name>.ipull"
      // with a progress record, renamed when complete. An existing file is checked above instead.
      skipExisting: false,
      deleteTempFileOnCancel: true,
      onProgress: ({ totalSize, downloadedSize }) => {
        const seconds = (performance.now() - started) / 1000;
        const speed = seconds > 0 ? downloadedSize / seconds : 0;
        request.onProgress?.({ downloadedBytes: downloadedSize, totalBytes: totalSize, bytesPerSecond: speed, secondsLeft: speed > 0 ? (totalSize - downloadedSize) / speed : Infinity });
      },
    });
    // download() does not settle after cancel(): the abort ends the wait itself.
    let onAbort = () => undefined as void;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        void downloader.cancel();
        reject(new DownloadError("cancelled"));
      };
    });
    request.signal?.addEventListener("abort", onAbort, { once: true });
    if (request.signal?.aborted) onAbort();
    let path: string;
    try {
      path = await Promise.race([downloader.download(), aborted]);
    } finally {
      request.signal?.removeEventListener("abort", onAbort);
    }
    const size = (await stat(path)).size;
    // The server announced a size: a file of another size is not what was promised.
    if (downloader.totalSize > 0 && size !== downloader.totalSize) {
      await rm(path, { force: true });
      throw new DownloadError(`The download of ${request.fileName} ended at ${size} bytes of the ${downloader.totalSize} announced; try again.`);
    }
    return path;
  } catch (error) {
    if (request.signal?.aborted) throw new DownloadError(`Download of ${request.fileName} cancelled; nothing was kept.`);
    if (error instanceof DownloadError) throw error;
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOSPC") throw new DownloadError(`The disk is full: ${request.fileName} needs more space in ${request.dir}. Free some space and try again (the download resumes).`);
    throw new DownloadError(`Could not download ${request.fileName}: ${message}`);
  } finally {
    await lock.release();
  }
}

export function assertAllowedUrl(url: string): void {
  const parsed = new URL(url);
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback)) {
    throw new DownloadError(`Refusing to download over ${parsed.protocol.replace(":", "")}: only https is used (${url}).`);
  }
}

/**
 * A lock file created exclusively (O_EXCL) holding the owner's pid: a second window downloading the
 * same file is told so instead of writing the same bytes. A lock whose process is gone is stale.
 */
async function acquireLock(path: string): Promise<{ release(): Promise<void> }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number((await import("node:fs/promises").then((fs) => fs.readFile(path, "utf8")).catch(() => "")) || 0);
      if (owner > 0 && isAlive(owner)) {
        const who = owner === process.pid ? "in this window" : `by another window (process ${owner})`;
        throw new DownloadError(`This model is already being downloaded ${who}; wait for it to finish.`);
      }
      await rm(path, { force: true }); // stale: its process has ended
    }
  }
  throw new DownloadError(`Could not lock ${path}.`);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
