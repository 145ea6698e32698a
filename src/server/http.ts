// The one place a server backend touches the network: HTTP(S) requests to the configured server,
// streamed line by line (SSE and NDJSON), with an explicit idle timeout and an abort that closes
// the connection (llama-server stops generating when its client goes away). Never through a proxy:
// code goes to the server the user named and nowhere else.
import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import { rootCertificates } from "node:tls";
import { connectionError, RequestAborted, statusError, unavailable } from "./serverError";
import type { ServerTarget, SettingNames } from "./serverTypes";

export interface HttpCall {
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Each line of a successful body as it arrives (SSE, NDJSON); the answer's text is then "". */
  onLine?: (line: string) => void;
  /** Overrides the target's idle timeout (a quick probe, or a long prompt with no streaming). */
  timeoutMs?: number;
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  text: string;
}

/** Certificate bundles of common systems: Node trusts only its own list otherwise (VS Code adds the system's itself). */
const SYSTEM_BUNDLES = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem", "/etc/ssl/ca-bundle.pem"];
let systemCa: string[] | undefined;
function certificates(): string[] {
  if (systemCa) return systemCa;
  const bundle = SYSTEM_BUNDLES.map((path) => {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  }).find((text) => text !== undefined);
  systemCa = bundle ? [...rootCertificates, bundle] : [...rootCertificates];
  return systemCa;
}

export class HttpConnection {
  private readonly base: URL;
  private readonly agent: http.Agent;

  constructor(
    readonly target: ServerTarget,
    readonly names: SettingNames,
  ) {
    this.base = new URL(target.url.endsWith("/") ? target.url : `${target.url}/`);
    const secure = this.base.protocol === "https:";
    // Keep-alive: a completion per keystroke should not pay a TCP (and TLS) handshake each time.
    this.agent = secure
      ? new https.Agent({ keepAlive: true, rejectUnauthorized: !target.allowSelfSigned, ca: certificates() })
      : new http.Agent({ keepAlive: true });
  }

  get url(): string {
    return this.target.url;
  }

  /** Sends one request; rejects with a ServerError for a failure, RequestAborted when the caller aborted. */
  request(call: HttpCall, retried = false): Promise<HttpAnswer> {
    const url = new URL(call.path.replace(/^\//, ""), this.base);
    const body = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body), "utf8");
    const headers: Record<string, string> = { accept: call.onLine ? "text/event-stream, application/x-ndjson, application/json" : "application/json" };
    if (body) headers["content-type"] = "application/json";
    if (this.target.apiKey) headers.authorization = `Bearer ${this.target.apiKey}`;
    const timeoutMs = call.timeoutMs ?? this.target.timeoutMs;
    const send = url.protocol === "https:" ? https.request : http.request;

    return new Promise<HttpAnswer>((resolve, reject) => {
      if (call.signal?.aborted) return reject(new RequestAborted());
      let settled = false;
      const finish = (error: Error | undefined, answer?: HttpAnswer) => {
        if (settled) return;
        settled = true;
        call.signal?.removeEventListener("abort", onAbort);
        if (error) reject(error);
        else resolve(answer!);
      };
      const request = send(url, { method: call.method, headers, agent: this.agent, timeout: timeoutMs });
      const onAbort = () => {
        finish(new RequestAborted());
        request.destroy();
      };
      call.signal?.addEventListener("abort", onAbort, { once: true });
      request.on("timeout", () => {
        finish(unavailable(`The server at ${this.url} sent nothing for ${Math.round(timeoutMs / 100) / 10} s (${call.path}): check the server, or raise ${this.names.timeout}.`));
        request.destroy();
      });
      let answered = false;
      request.on("error", (error) => {
        // A kept-alive socket the server closed while idle (llama-server drops them after 5 s):
        // the request never reached it, so send it once more on a fresh connection (Node's advice).
        if (!retried && !answered && request.reusedSocket && (error as NodeJS.ErrnoException).code === "ECONNRESET" && !settled) {
          settled = true;
          call.signal?.removeEventListener("abort", onAbort);
          this.request(call, true).then(resolve, reject);
          return;
        }
        finish(connectionError(this.url, error as NodeJS.ErrnoException, this.names));
      });
      request.on("response", (response) => {
        answered = true;
        const status = response.statusCode ?? 0;
        const contentType = String(response.headers["content-type"] ?? "");
        const ok = status >= 200 && status < 300;
        response.setEncoding("utf8");
        let text = "";
        let pending = "";
        response.on("data", (chunk: string) => {
          if (!ok || !call.onLine) {
            text += chunk;
            return;
          }
          pending += chunk;
          let newline: number;
          while ((newline = pending.indexOf("\n")) >= 0) {
            const line = pending.slice(0, newline).replace(/\r$/, "");
            pending = pending.slice(newline + 1);
            if (settled) return;
            try {
              call.onLine(line);
            } catch (error) {
              finish(error as Error);
              request.destroy();
              return;
            }
          }
        });
        response.on("aborted", () => finish(unavailable(`The server at ${this.url} closed the connection mid-answer (${call.path}).`)));
        response.on("error", (error) => finish(connectionError(this.url, error as NodeJS.ErrnoException, this.names)));
        response.on("end", () => {
          if (!response.complete) return finish(unavailable(`The server at ${this.url} closed the connection mid-answer (${call.path}).`));
          if (!ok) return finish(statusError(this.url, call.path, status, text, this.names));
          try {
            if (call.onLine && pending.trim() !== "" && !settled) call.onLine(pending);
          } catch (error) {
            return finish(error as Error);
          }
          finish(undefined, { status, contentType, text });
        });
      });
      request.end(body);
    });
  }

  /** A JSON answer, or a ServerError saying the server sent something else. */
  async json<T>(call: Omit<HttpCall, "onLine">): Promise<T> {
    const answer = await this.request(call);
    try {
      return JSON.parse(answer.text) as T;
    } catch {
      throw unavailable(`The server at ${this.url} answered ${call.path} with something that is not JSON (${describeBody(answer.text)}).`);
    }
  }

  dispose(): void {
    this.agent.destroy();
  }
}

function describeBody(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return "an empty body";
  if (/^<(!doctype|html)/i.test(trimmed)) return "an HTML page";
  return `"${trimmed.slice(0, 40).replace(/\s+/g, " ")}${trimmed.length > 40 ? "..." : ""}"`;
}
