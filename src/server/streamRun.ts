// One streamed generation against any of the three APIs: collects the text, passes each piece to
// onPartialText, keeps a client-side time limit (every server, whatever it supports), and turns an
// abort into a result with what arrived so far, as the local worker does.
import type { RequestOptions } from "../protocol/requestOptions";
import type { GenerationResult, StopReason, Timings } from "../protocol/types";
import type { HttpConnection } from "./http";
import { RequestAborted, serverMessage, unavailable } from "./serverError";

/** What one streamed event adds. */
export interface StreamPiece {
  delta?: string;
  /** The last event: generation is over. */
  done?: boolean;
  stopReason?: StopReason;
  /** Figures the server reports (llama-server, Ollama); measured here otherwise. */
  timings?: Partial<Timings>;
}

export type StreamFormat = "sse" | "ndjson";

export interface StreamRequest {
  path: string;
  body: unknown;
  format: StreamFormat;
  timeLimitMs?: number;
  /** Reads one event; throws a ServerError for an error event. */
  parse(event: unknown): StreamPiece;
}

export async function runStream(connection: HttpConnection, request: StreamRequest, options: RequestOptions = {}): Promise<GenerationResult> {
  const started = performance.now();
  let firstAt: number | undefined;
  let text = "";
  let done = false;
  let stopReason: StopReason = "endOfGeneration";
  let reported: Partial<Timings> = {};
  const local = new AbortController();
  let timedOut = false;
  const timer = request.timeLimitMs ? setTimeout(() => ((timedOut = true), local.abort()), request.timeLimitMs) : undefined;
  const signal = options.signal ? AbortSignal.any([options.signal, local.signal]) : local.signal;

  const onEvent = (event: unknown) => {
    const piece = request.parse(event);
    // Figures may come after the last text (OpenAI's usage event).
    if (piece.timings) reported = { ...reported, ...piece.timings };
    if (done) return;
    if (piece.delta) {
      firstAt ??= performance.now();
      text += piece.delta;
      options.onPartialText?.(piece.delta);
    }
    if (piece.done) {
      done = true;
      if (piece.stopReason) stopReason = piece.stopReason;
    }
  };
  const onLine = request.format === "sse" ? sseLines(connection.url, onEvent) : ndjsonLines(connection.url, onEvent);
  try {
    await connection.request({ method: "POST", path: request.path, body: request.body, signal, onLine });
    if (!done) throw unavailable(`The server at ${connection.url} ended its answer to ${request.path} before the end of generation.`);
  } catch (error) {
    if (!(error instanceof RequestAborted)) throw error;
    stopReason = timedOut && !options.signal?.aborted ? "timeLimit" : "aborted";
  } finally {
    clearTimeout(timer);
  }
  const end = performance.now();
  const promptMs = Math.round((firstAt ?? end) - started);
  const timings: Timings = {
    promptTokens: reported.promptTokens ?? 0,
    promptTokensEvaluated: reported.promptTokensEvaluated ?? reported.promptTokens ?? 0,
    promptTokensReused: reported.promptTokensReused ?? 0,
    generatedTokens: reported.generatedTokens ?? 0,
    promptMs,
    generationMs: Math.round(end - (firstAt ?? end)),
    totalMs: Math.round(end - started),
  };
  return { text, stopReason, timings };
}

/** Server-sent events: "data: {json}" lines, "data: [DONE]", and llama-server's "error: {json}". */
function sseLines(url: string, onEvent: (event: unknown) => void): (line: string) => void {
  return (line) => {
    if (line === "" || line.startsWith(":") || line.startsWith("event:") || line.startsWith("id:") || line.startsWith("retry:")) return;
    if (line.startsWith("error:")) throw unavailable(`The server at ${url} failed mid-answer: ${serverMessage(line.slice(6))}.`);
    if (!line.startsWith("data:")) throw garbage(url, line);
    const data = line.slice(5).trim();
    if (data === "[DONE]") return;
    onEvent(parseJson(url, data));
  };
}

function ndjsonLines(url: string, onEvent: (event: unknown) => void): (line: string) => void {
  return (line) => {
    if (line.trim() === "") return;
    onEvent(parseJson(url, line));
  };
}

function parseJson(url: string, data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw garbage(url, data);
  }
}

function garbage(url: string, line: string): Error {
  return unavailable(`The server at ${url} sent something that is not a streamed answer ("${line.slice(0, 40)}"): is ${url} the right server?`);
}

/** An error event inside a stream ({error: ...}), as a ServerError; undefined when it is none. */
export function streamedError(url: string, event: unknown): Error | undefined {
  const error = (event as { error?: unknown } | null)?.error;
  if (error === undefined || error === null) return undefined;
  return unavailable(`The server at ${url} failed mid-answer: ${serverMessage(JSON.stringify({ error }))}.`);
}
