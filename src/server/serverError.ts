// Server failures as one-line messages that name the problem and the setting that fixes it.
// "Unavailable" is worth retrying later (the hybrid backend falls back meanwhile); "misconfigured"
// needs the user to change a setting (the hybrid backend falls back too, and says which).
import { EngineError, EngineErrorCode } from "../protocol/errors";
import type { SettingNames } from "./serverTypes";

export class ServerError extends EngineError {
  constructor(
    code: typeof EngineErrorCode.ServerUnavailable | typeof EngineErrorCode.ServerMisconfigured,
    message: string,
    /** HTTP status when the server answered. */
    readonly status?: number,
  ) {
    super(code, message);
    this.name = "ServerError";
  }
}

export function unavailable(message: string, status?: number): ServerError {
  return new ServerError(EngineErrorCode.ServerUnavailable, message, status);
}

export function misconfigured(message: string, status?: number): ServerError {
  return new ServerError(EngineErrorCode.ServerMisconfigured, message, status);
}

/** Thrown inside the HTTP layer when the caller aborted; the clients turn it into an "aborted" result. */
export class RequestAborted extends Error {
  constructor() {
    super("request aborted");
    this.name = "RequestAborted";
  }
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/;

/** A socket-level failure (no HTTP answer) as a ServerError. */
export function connectionError(url: string, error: NodeJS.ErrnoException, names: SettingNames): ServerError {
  const code = error.code ?? "";
  if (code === "ECONNREFUSED") return unavailable(`Cannot reach the server at ${url} (connection refused): is it running? Check ${names.url}.`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return unavailable(`Cannot find the host of ${url} (${code}): check ${names.url}.`);
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return unavailable(`Cannot reach ${url} (${code}): check the network or ${names.url}.`);
  if (code === "ECONNRESET" || code === "EPIPE" || error.message === "socket hang up") return unavailable(`The server at ${url} closed the connection before answering (${code || error.message}).`);
  if (TLS_CODES.test(code)) {
    return misconfigured(`The certificate of ${url} is not trusted (${code}): add its authority to the system's certificates (or NODE_EXTRA_CA_CERTS), or turn on ${names.selfSigned} if you trust this server.`);
  }
  if (code === "EPROTO" || /wrong version number|packet length too long/i.test(error.message)) {
    return misconfigured(`${url} does not speak HTTPS (${code || "TLS handshake failed"}): use http:// in ${names.url}, or check the port.`);
  }
  return unavailable(`Cannot talk to the server at ${url}: ${error.message}${code ? ` (${code})` : ""}.`);
}

/** An HTTP answer that is not a success, as a ServerError (the server's own message when it sent one). */
export function statusError(url: string, path: string, status: number, body: string, names: SettingNames): ServerError {
  const detail = serverMessage(body);
  const said = detail ? `: ${detail}` : "";
  if (status === 401 || status === 403) return misconfigured(`The server at ${url} refused the API key (HTTP ${status}${said}): set it with ${names.apiKey}.`, status);
  if (status === 407) return misconfigured(`${url} is a proxy that wants authentication (HTTP 407): local-slm connects to the server directly and never through a proxy; set ${names.url} to the server itself.`, status);
  if (status === 404) return misconfigured(`The server at ${url} has no ${path} (HTTP 404${said}): check ${names.url} and ${names.api}.`, status);
  if (status >= 500) return unavailable(`The server at ${url} failed (HTTP ${status}${said}).`, status);
  return misconfigured(`The server at ${url} rejected the request to ${path} (HTTP ${status}${said}).`, status);
}

/** The message inside a JSON error body ({error: {message}} or {error: "..."}), shortened to one line. */
export function serverMessage(body: string): string {
  let text = body.trim();
  try {
    const json = JSON.parse(text) as { error?: unknown; message?: unknown; detail?: unknown };
    const error = json.error as { message?: unknown } | string | undefined;
    text = String((typeof error === "object" && error ? error.message : error) ?? json.message ?? json.detail ?? text);
  } catch {
    // not JSON: an HTML page or plain text; keep its first line
    if (/^<(!doctype|html)/i.test(text)) return "an HTML page, not an API answer";
  }
  const line = text.split("\n")[0]!.trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
