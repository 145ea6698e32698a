// llama-server for the peer strategies: built from node-llama-cpp's bundled llama.cpp source by
// scripts/llama-server/build.sh, started on the same model file with the same threads as our worker,
// one slot (one user), prompt caching on, listening on 127.0.0.1 only.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { HttpConnection } from "../../../server/http";
import { CLI_OPTION_NAMES } from "../../../server/serverTypes";
import { CliError } from "../../cliError";

export interface LlamaServer {
  url: string;
  pid: number;
  http: HttpConnection;
  stop(): Promise<void>;
}

export function llamaServerBinary(root: string): string {
  return join(root, ".cache", "llama-server", "bin", "llama-server");
}

export async function startLlamaServer(o: { binary: string; model: string; threads: number; contextSize: number }): Promise<LlamaServer> {
  if (!existsSync(o.binary)) throw new CliError(`llama-server is not built (${o.binary}): run bash scripts/llama-server/build.sh (or npm run bench:peers, which builds it).`);
  // A port of our own (no socket API here: only src/server/http.ts talks to the network).
  const port = 20_000 + (process.pid % 20_000);
  const args = ["-m", o.model, "--host", "127.0.0.1", "--port", String(port), "-c", String(o.contextSize), "-np", "1", "-t", String(o.threads), "-tb", String(o.threads), "-ngl", "0", "--no-webui"];
  const child: ChildProcess = spawn(o.binary, args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (log = (log + chunk).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const http = new HttpConnection({ url, timeoutMs: 120_000, allowSelfSigned: false }, CLI_OPTION_NAMES);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Ready when /health answers 200 (it answers 503 while the model loads).
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new CliError(`llama-server exited (${child.exitCode}) before it was ready:\n${log}`);
    try {
      await http.json({ method: "GET", path: "/health", timeoutMs: 2000 });
      break;
    } catch {
      if (attempt > 600) throw new CliError(`llama-server did not become ready in 5 minutes:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return {
    url,
    pid: child.pid!,
    http,
    stop: async () => {
      http.dispose();
      child.kill("SIGTERM");
      await exited;
    },
  };
}
