// One llama.cpp runtime per worker process, created on first use with an explicit thread count
// (node-llama-cpp's default of max(4, cores) made generation 90x slower on a 2-core machine).
import type { Backend, GpuSetting } from "../protocol/types";
import { importNodeLlamaCpp, type Llama, type NodeLlamaCppModule } from "./nodeLlamaCpp";

export type LogSink = (level: "error" | "warn" | "info" | "debug" | "trace", message: string) => void;

export interface Runtime {
  nlc: NodeLlamaCppModule;
  llama: Llama;
  gpu: GpuSetting;
  threads: number;
  backend: Backend;
}

/** Keeps the last lines llama.cpp logged, to explain a failed load in the error message. */
export class RecentLog {
  private lines: string[] = [];
  constructor(private readonly capacity = 50) {}
  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.shift();
  }
  clear(): void {
    this.lines = [];
  }
  find(pattern: RegExp): string | undefined {
    return this.lines.find((l) => pattern.test(l));
  }
}

let current: Runtime | undefined;

export async function getRuntime(gpu: GpuSetting, threads: number, log: LogSink, recent: RecentLog): Promise<Runtime> {
  if (current && current.gpu === gpu && current.threads === threads) return current;
  if (current) await current.llama.dispose();
  current = undefined;
  const nlc = await importNodeLlamaCpp();
  const llama = await nlc.getLlama({
    gpu: gpu === "auto" ? "auto" : false,
    maxThreads: threads,
    build: "never", // never try to compile llama.cpp on a user's machine (or here: no network)
    progressLogs: false,
    logLevel: nlc.LlamaLogLevel.warn,
    logger: (level, message) => {
      const text = message.trimEnd();
      if (text === "") return;
      recent.push(text);
      log(level === nlc.LlamaLogLevel.error || level === nlc.LlamaLogLevel.fatal ? "error" : "warn", text);
    },
  });
  current = { nlc, llama, gpu, threads, backend: backendOf(llama.gpu) };
  return current;
}

function backendOf(gpu: Llama["gpu"]): Backend {
  return gpu === false ? "cpu" : gpu;
}

export async function disposeRuntime(): Promise<void> {
  const runtime = current;
  current = undefined;
  await runtime?.llama.dispose();
}
