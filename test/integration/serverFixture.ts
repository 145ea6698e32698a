// A real llama-server (built by scripts/llama-server/build.sh into .cache/llama-server/) on a
// loopback port with a synthetic model, and small loopback stand-ins for what llama-server does not
// serve: Ollama's own API (translated to llama-server, so the real model answers), and servers
// that misbehave (500, hang, garbage, closed connection, a web page, a proxy, a bad certificate).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSyntheticModel } from "../../src/synthetic/writeSyntheticModel";
import { ROOT } from "./fixtures";

export const LLAMA_SERVER = join(ROOT, ".cache/llama-server/bin/llama-server");

export function assertLlamaServerBuilt(): void {
  if (!existsSync(LLAMA_SERVER)) throw new Error(`${LLAMA_SERVER} is missing: run "bash scripts/llama-server/build.sh" first (.ci/run does).`);
}

let noFim: Promise<string> | undefined;
/** The tiny model without fill-in-the-middle tokens. */
export function tinyModelWithoutFim(): Promise<string> {
  noFim ??= (async () => {
    const path = join(ROOT, ".cache/test-models/tiny-no-fim.gguf");
    await writeSyntheticModel({ shape: "tiny", outPath: path, seed: 1, fim: false });
    return path;
  })();
  return noFim;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export interface LlamaServerOptions {
  model: string;
  port?: number;
  slots?: number;
  apiKey?: string;
  contextSize?: number;
}

export class LlamaServer {
  private child: ChildProcess | undefined;
  private output = "";
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly options: LlamaServerOptions,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(options: LlamaServerOptions): Promise<LlamaServer> {
    assertLlamaServerBuilt();
    const server = new LlamaServer(options, options.port ?? (await freePort()));
    await server.launch();
    return server;
  }

  /** Starts (again) on the same port. */
  async launch(): Promise<void> {
    const o = this.options;
    const slots = o.slots ?? 2;
    const args = ["-m", o.model, "--host", "127.0.0.1", "--port", String(this.port), "-c", String((o.contextSize ?? 4096) * slots), "-np", String(slots), "-b", "1024", "-t", "1", "-tb", "1", "--cache-reuse", "256", "--slots", "-ngl", "0"];
    if (o.apiKey) args.push("--api-key", o.apiKey);
    this.output = "";
    const child = spawn(LLAMA_SERVER, args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    child.stdout!.on("data", (chunk) => (this.output += chunk));
    child.stderr!.on("data", (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    await this.waitUntilHealthy(child);
  }

  /** Kills it at once (SIGKILL), as a crash or a pulled cable would. */
  async kill(): Promise<void> {
    this.child?.kill("SIGKILL");
    await this.exited;
  }

  async stop(): Promise<void> {
    this.child?.kill("SIGTERM");
    await this.exited;
  }

  get log(): string {
    return this.output.slice(-4000);
  }

  async slots(): Promise<{ id: number; is_processing: boolean; next_token?: { n_decoded: number }[] }[]> {
    const answer = await fetch(`${this.url}/slots`, { headers: this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {} });
    return (await answer.json()) as never;
  }

  private async waitUntilHealthy(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`llama-server exited (${child.exitCode}):\n${this.log}`);
      try {
        const answer = await fetch(`${this.url}/health`);
        if (answer.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`llama-server did not become healthy:\n${this.log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export interface StandIn {
  url: string;
  /** Requests seen, "METHOD /path". */
  seen: string[];
  close(): Promise<void>;
}

type Handler = (request: http.IncomingMessage, body: string, response: http.ServerResponse) => void | Promise<void>;

/** A loopback HTTP(S) server answering with the handler. */
export async function standIn(handler: Handler, tls?: { key: string; cert: string }): Promise<StandIn> {
  const seen: string[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const listener = (request: http.IncomingMessage, response: http.ServerResponse) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      seen.push(`${request.method} ${request.url}`);
      void Promise.resolve(handler(request, body, response)).catch((error) => {
        response.destroy(error as Error);
      });
    });
  };
  const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("secureConnection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A self-signed certificate for 127.0.0.1, made with Debian's openssl. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "local-slm-tls-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
}

/**
 * Ollama's own API (/api/tags, /api/show, /api/generate, /api/chat), which llama-server does not
 * serve, translated to llama-server's endpoints so the real model answers: /api/generate with a
 * suffix becomes /infill, without one /completion; /api/chat becomes /v1/chat/completions.
 * Streams NDJSON as Ollama does.
 */
export function ollamaStandIn(llama: LlamaServer, modelName = "tiny-coder:latest"): Promise<StandIn> {
  const headers = llama.options.apiKey ? { authorization: `Bearer ${llama.options.apiKey}` } : undefined;
  return standIn(async (request, body, response) => {
    const json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    if (request.url === "/api/tags") return sendJson(response, { models: [{ name: modelName, model: modelName }] });
    if (request.url === "/api/show") {
      if (json.model !== modelName) return sendJson(response, { error: `model '${json.model}' not found` }, 404);
      return sendJson(response, { capabilities: ["completion", "insert"], model_info: { "llama.context_length": 2048 } });
    }
    if (request.url !== "/api/generate" && request.url !== "/api/chat") return sendJson(response, { error: "not found" }, 404);
    if (json.model !== modelName) return sendJson(response, { error: `model '${json.model}' not found` }, 404);
    const options = (json.options ?? {}) as { num_predict?: number; temperature?: number; stop?: string[] };
    const common = { n_predict: options.num_predict, max_tokens: options.num_predict, temperature: options.temperature ?? 0, stop: options.stop, cache_prompt: true };
    if (request.url === "/api/chat" && json.logprobs) {
      const answer = (await (await fetch(`${llama.url}/v1/chat/completions`, { method: "POST", headers, body: JSON.stringify({ messages: json.messages, max_tokens: 1, temperature: 0, logprobs: true, top_logprobs: json.top_logprobs ?? 20 }) })).json()) as {
        choices: { message: { content: string }; logprobs: { content: { token: string; logprob: number; top_logprobs: unknown[] }[] } }[];
      };
      const choice = answer.choices[0]!;
      return sendJson(response, { message: { role: "assistant", content: choice.message.content }, done: true, logprobs: choice.logprobs.content });
    }
    const [path, upstream] =
      request.url === "/api/chat"
        ? ["/v1/chat/completions", { messages: json.messages, ...common, stream: true }]
        : json.suffix !== undefined
          ? ["/infill", { input_prefix: json.prompt, input_suffix: json.suffix, ...common, stream: true }]
          : ["/completion", { prompt: json.prompt, ...common, stream: true }];
    const upstreamAnswer = await fetch(`${llama.url}${path}`, { method: "POST", headers, body: JSON.stringify(upstream), signal: abortOnClose(response) });
    response.writeHead(200, { "content-type": "application/x-ndjson" });
    let pending = "";
    const decoder = new TextDecoder();
    for await (const chunk of upstreamAnswer.body as unknown as AsyncIterable<Uint8Array>) {
      pending += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (!line.startsWith("data:") || line.includes("[DONE]")) continue;
        const event = JSON.parse(line.slice(5)) as { content?: string; stop?: boolean; stop_type?: string; choices?: { delta?: { content?: string }; finish_reason?: string }[] };
        const text = event.choices ? event.choices[0]?.delta?.content ?? "" : event.content ?? "";
        const done = event.choices ? Boolean(event.choices[0]?.finish_reason) : event.stop === true;
        const limit = event.choices ? event.choices[0]?.finish_reason === "length" : event.stop_type === "limit";
        const out = request.url === "/api/chat" ? { model: modelName, message: { role: "assistant", content: text }, done } : { model: modelName, response: text, done };
        response.write(`${JSON.stringify(done ? { ...out, done_reason: limit ? "length" : "stop", prompt_eval_count: 1, eval_count: 1 } : out)}\n`);
      }
    }
    response.end();
  });
}

/** An OpenAI-compatible server only (like vLLM): /v1/* passed to llama-server, everything else 404. */
export function openAiOnlyStandIn(llama: LlamaServer): Promise<StandIn> {
  return standIn(async (request, body, response) => {
    if (!request.url?.startsWith("/v1/")) return sendJson(response, { error: { message: "Not Found" } }, 404);
    const upstream = await fetch(`${llama.url}${request.url}`, { method: request.method, body: request.method === "POST" ? body : undefined, signal: abortOnClose(response) });
    response.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    for await (const chunk of upstream.body as unknown as AsyncIterable<Uint8Array>) response.write(chunk);
    response.end();
  });
}

/** Every request passed on to llama-server as it is (streams too), with the JSON bodies of POSTs recorded by path. */
export async function recordingProxy(llama: LlamaServer): Promise<StandIn & { bodies: { path: string; body: Record<string, unknown> }[] }> {
  const bodies: { path: string; body: Record<string, unknown> }[] = [];
  const proxy = await standIn(async (request, body, response) => {
    if (request.method === "POST") bodies.push({ path: request.url ?? "", body: JSON.parse(body) as Record<string, unknown> });
    const headers: Record<string, string> = { "content-type": request.headers["content-type"] ?? "application/json" };
    if (request.headers.authorization) headers.authorization = request.headers.authorization;
    const upstream = await fetch(`${llama.url}${request.url}`, { method: request.method, headers, body: request.method === "POST" ? body : undefined, signal: abortOnClose(response) });
    response.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    for await (const chunk of upstream.body as unknown as AsyncIterable<Uint8Array>) response.write(chunk);
    response.end();
  });
  return { ...proxy, bodies };
}

export function sendJson(response: http.ServerResponse, value: unknown, status = 200): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(value));
}

function abortOnClose(response: http.ServerResponse): AbortSignal {
  const abort = new AbortController();
  response.on("close", () => abort.abort());
  return abort.signal;
}
