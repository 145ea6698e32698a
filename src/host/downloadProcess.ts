// Runs a model download in a child process (the CLI's `download --progress-json`), not in the
// editor. Why: ipull, under node-llama-cpp's downloader, retries a failing server up to 150 times
// over ~12 minutes and its retries do not stop on cancel; in the editor they kept connecting to the
// server long after the user pressed Cancel. A process ends all of that when it exits. It also
// keeps every network socket out of the extension host, and the CLI checks the file in a worker
// before it gets the model's name. Cancel: SIGTERM (the CLI aborts, releases its lock, exits),
// then SIGKILL if it has not gone within a few seconds.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { DownloadError, type DownloadErrorCode } from "../models/downloadError";
import type { DownloadProgress } from "../models/downloadProgress";

export interface DownloadProcessRequest {
  cliPath: string;
  /** A catalog id, hf:org/repo/file.gguf or a URL, as the CLI takes it. */
  source: string;
  dir: string;
  signal?: AbortSignal;
  onProgress?(progress: DownloadProgress): void;
  /** Node for the child; default this process's (Electron runs as Node with ELECTRON_RUN_AS_NODE). */
  execPath?: string;
  /** Extra environment, e.g. LOCAL_SLM_DOWNLOAD_BASE_URL in tests. */
  env?: NodeJS.ProcessEnv;
  /** No byte for this long stops the download (default 60 s). */
  stallTimeoutSeconds?: number;
  /** Called with the child as soon as it runs (tests watch it). */
  onStart?(child: ChildProcess): void;
}

const KILL_AFTER_MS = 5_000;

export function downloadInProcess(request: DownloadProcessRequest): Promise<string> {
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) return reject(cancelled());
    const args = [request.cliPath, "download", request.source, "--dir", request.dir, "--progress-json"];
    if (request.stallTimeoutSeconds !== undefined) args.push("--stall-timeout", String(request.stallTimeoutSeconds));
    const child = spawn(request.execPath ?? process.execPath, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...request.env, ELECTRON_RUN_AS_NODE: "1" },
    });
    request.onStart?.(child);
    let outcome: { path: string } | { error: DownloadError } | undefined;
    let stderr = "";
    createInterface({ input: child.stdout! }).on("line", (line) => {
      let message: { progress?: DownloadProgress; done?: { path: string }; error?: { code: DownloadErrorCode; message: string } };
      try {
        message = JSON.parse(line);
      } catch {
        return; // not ours (a library printing): ignore
      }
      if (message.progress) request.onProgress?.(message.progress);
      if (message.done) outcome = { path: message.done.path };
      if (message.error) outcome = { error: new DownloadError(message.error.code, message.error.message) };
    });
    child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-4_000)));
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      child.kill("SIGTERM");
      killTimer = setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS);
    };
    request.signal?.addEventListener("abort", onAbort, { once: true });
    child.once("error", (error) => {
      outcome ??= { error: new DownloadError("failed", `Could not start the download process: ${error.message}`) };
    });
    child.once("close", (code, signal) => {
      clearTimeout(killTimer);
      request.signal?.removeEventListener("abort", onAbort);
      if (request.signal?.aborted && !(outcome && "path" in outcome)) return reject(cancelled());
      if (outcome && "path" in outcome) return resolve(outcome.path);
      if (outcome) return reject(outcome.error);
      const last = stderr.trim().split("\n").pop()?.replace(/^local-slm: /, "").replace(/\.$/, "") ?? "";
      reject(new DownloadError("failed", `The download process stopped (${signal ?? `exit code ${code}`})${last ? `: ${last}` : ""}.`));
    });
  });
}

function cancelled(): DownloadError {
  return new DownloadError("cancelled", "The download was cancelled; the next attempt continues from what was saved of it.");
}
