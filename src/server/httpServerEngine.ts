// What the three server clients (llama-server, OpenAI-compatible, Ollama) share: one keep-alive
// connection to the configured URL, streamed requests read by each API's own event parser, and
// lookups (the model, the server's properties) made once and again after a failure.
import type { RequestOptions } from "../protocol/requestOptions";
import type { GenerationResult } from "../protocol/types";
import { HttpConnection } from "./http";
import type { ServerConfig, SettingNames } from "./serverTypes";
import { runStream, type StreamFormat, type StreamPiece } from "./streamRun";

export abstract class HttpServerEngine {
  protected readonly http: HttpConnection;

  constructor(
    protected readonly config: ServerConfig,
    names: SettingNames,
  ) {
    this.http = new HttpConnection(config, names);
  }

  get url(): string {
    return this.config.url;
  }

  dispose(): void {
    this.http.dispose();
  }

  /** Reads one streamed event of this API; throws a ServerError for an error event. */
  protected abstract piece(event: unknown): StreamPiece;

  /** One streamed request: the text, each piece as it comes, the client-side time limit, the server's figures. */
  protected stream(path: string, body: unknown, format: StreamFormat, timeLimitMs: number | undefined, options: RequestOptions): Promise<GenerationResult> {
    return runStream(this.http, { path, body, format, timeLimitMs, parse: (event) => this.piece(event) }, options);
  }
}

/** A lookup made once and shared, and made again after it failed (the server may be up, or the model pulled, by then). */
export function onceUntilFailure<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}
