// One forked worker process and its JSON-RPC connection. In VS Code, fork() runs the editor's own
// Node runtime (Electron as Node), so users need no separate Node installation or server.
import { type ChildProcess, fork } from "node:child_process";
import { createInterface } from "node:readline";
import {
  CancellationTokenSource,
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  type MessageConnection,
  type RequestType,
  ResponseError,
} from "vscode-jsonrpc/node";
import { EngineError, EngineErrorCode, type EngineErrorData } from "../protocol/errors";
import type { RequestOptions } from "../protocol/requestOptions";
import { GenerationProgressType, WorkerLogNotification, type WorkerLogMessage } from "../protocol/messages";

export interface WorkerProcessOptions {
  workerPath: string;
  /** Node executable; defaults to this process's (the editor's runtime inside VS Code). */
  execPath?: string;
  /** Node flags for the worker (the soak passes --expose-gc); none by default. */
  execArgv?: string[];
  onLog(message: WorkerLogMessage): void;
  onExit(exit: WorkerExit): void;
}

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

let progressCounter = 0;

export class WorkerProcess {
  private readonly child: ChildProcess;
  private readonly connection: MessageConnection;
  private exit: WorkerExit | undefined;
  private stopping = false;
  private readonly pending = new Set<(error: Error) => void>();

  constructor(options: WorkerProcessOptions) {
    this.child = fork(options.workerPath, [], {
      execPath: options.execPath ?? process.execPath,
      execArgv: options.execArgv ?? [],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
    });
    // Line by line: a line written in two chunks is one log entry, not two.
    const forward = (level: WorkerLogMessage["level"], stream: NodeJS.ReadableStream) =>
      createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => line.trim() && options.onLog({ level, message: line }));
    forward("info", this.child.stdout!);
    forward("warn", this.child.stderr!);
    this.connection = createMessageConnection(new IPCMessageReader(this.child), new IPCMessageWriter(this.child));
    this.connection.onNotification(WorkerLogNotification, options.onLog);
    this.connection.onError(() => undefined); // a dying child is reported once, through 'exit'
    this.child.on("exit", (code, signal) => {
      this.exit = { code, signal };
      const error = this.stopping ? stoppedError() : crashError(this.exit);
      for (const reject of this.pending) reject(error);
      this.pending.clear();
      this.connection.dispose();
      options.onExit(this.exit);
    });
    this.child.on("error", (error) => options.onLog({ level: "error", message: `worker process error: ${error.message}` }));
    this.connection.listen();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  async request<P, R>(type: RequestType<P, R, void>, params: P, options: RequestOptions = {}): Promise<R> {
    if (!this.alive) throw this.stopping ? stoppedError() : crashError(this.exit!);
    const cancel = new CancellationTokenSource();
    const onAbort = () => cancel.cancel();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    let progress: { dispose(): void } | undefined;
    let payload = params;
    if (options.onPartialText || options.onPromptProgress || options.onLoadProgress) {
      const token = `p${process.pid}-${++progressCounter}`;
      progress = this.connection.onProgress(GenerationProgressType, token, (value) => {
        if (value.kind === "text") options.onPartialText?.(value.delta, value.generatedTokens);
        else if (value.kind === "prompt") options.onPromptProgress?.(value.evaluated, value.total);
        else options.onLoadProgress?.(value.fraction);
      });
      payload = { ...params, progressToken: token };
    }
    let rejectOnExit!: (error: Error) => void;
    const exited = new Promise<never>((_, reject) => (rejectOnExit = reject));
    this.pending.add(rejectOnExit);
    try {
      const response = this.connection.sendRequest(type, payload, cancel.token);
      // Aborted before it was sent: cancel now, after the request, so that the cancel follows it
      // on the channel. A cancel for a token already cancelled at send time went out first, for a
      // request the worker did not know yet, and the request then ran to the end (a CI run found it).
      if (options.signal?.aborted) cancel.cancel();
      return await Promise.race([response, exited]);
    } catch (error) {
      throw toEngineError(error);
    } finally {
      this.pending.delete(rejectOnExit);
      options.signal?.removeEventListener("abort", onAbort);
      progress?.dispose();
      cancel.dispose();
    }
  }

  /** Stops the worker: a polite exit through the IPC channel, then SIGKILL if it does not go. */
  async stop(graceMs = 2000): Promise<void> {
    if (!this.alive) return;
    this.stopping = true;
    const gone = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.disconnect?.();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await gone;
    clearTimeout(timer);
  }
}

function crashError(exit: WorkerExit): EngineError {
  const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
  return new EngineError(EngineErrorCode.WorkerCrashed, `The inference worker stopped unexpectedly (${how}); it restarts on the next request.`);
}

function stoppedError(): EngineError {
  return new EngineError(EngineErrorCode.WorkerUnavailable, "The request was cancelled: the model was unloaded (idle, settings changed, or shutting down).");
}

function toEngineError(error: unknown): Error {
  if (error instanceof EngineError) return error;
  if (error instanceof ResponseError) {
    const data = error.data as EngineErrorData | undefined;
    return new EngineError(data?.code ?? EngineErrorCode.Internal, error.message, data?.path);
  }
  return error instanceof Error ? error : new EngineError(EngineErrorCode.Internal, `Internal error: ${String(error)}`, undefined, { cause: error });
}
