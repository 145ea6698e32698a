// What the engine client needs of a worker: requests, liveness and stop. The forked process is one
// implementation; unit tests inject a scripted one, so the client's load / crash / restart /
// idle-unload state machine is tested without a process or a model.
import type { RequestType } from "vscode-jsonrpc";
import type { WorkerLogMessage } from "../protocol/messages";
import type { RequestOptions } from "../protocol/requestOptions";
import { type WorkerExit, WorkerProcess } from "./workerProcess";

export interface EngineWorker {
  readonly pid: number | undefined;
  readonly alive: boolean;
  request<P, R>(type: RequestType<P, R, void>, params: P, options?: RequestOptions): Promise<R>;
  stop(): Promise<void>;
}

export interface WorkerHandlers {
  onLog(message: WorkerLogMessage): void;
  onExit(exit: WorkerExit): void;
}

export type WorkerFactory = (handlers: WorkerHandlers) => EngineWorker;

export interface ForkOptions {
  workerPath: string;
  /** Node executable; defaults to this process's (the editor's runtime inside VS Code). */
  execPath?: string;
  /** Node flags for the worker (the soak passes --expose-gc). */
  execArgv?: string[];
}

/** Workers as forked processes running dist/worker.js. */
export function forkWorker(options: ForkOptions): WorkerFactory {
  return (handlers) => new WorkerProcess({ ...options, ...handlers });
}
