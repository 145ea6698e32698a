// A server backend with the local worker behind it: each request goes to the server while the
// switch says so, and to the local model when the server is unreachable, failing, misconfigured or
// slower than the limit (that request is then answered locally, at once). The caller learns who
// answered and why, for the status bar. Same interfaces as the local engine, so the completion
// pipeline and the text tools do not know which one ran.
import type { InfillEngine } from "../completion/completionPipeline";
import type { RequestOptions } from "../protocol/requestOptions";
import { EngineError, EngineErrorCode } from "../protocol/errors";
import type { ChatParams, ClassifyParams, ClassifyResult, GenerateParams, GenerationResult, InfillParams, ModelInfo } from "../protocol/types";
import type { TextEngine } from "../text/textEngine";
import { BackendSwitch, REAL_TIMERS, type SwitchState, type Timers } from "./backendSwitch";
import { RequestAborted, ServerError } from "./serverError";
import type { ServerEngine } from "./serverEngine";

export type LocalEngine = InfillEngine & TextEngine;

export interface Answered {
  by: "server" | "local";
  /** Why the local model answered (empty when the server did). */
  why: string;
}

export interface HybridOptions {
  /** A server answer that has not started within this is abandoned for the local model (0: no limit). */
  slowMs: number;
  /** How often an unavailable server is probed. */
  retryMs: number;
  timers?: Timers;
  onAnswered?(answered: Answered): void;
  onSwitch?(state: SwitchState): void;
}

export class HybridEngine implements LocalEngine {
  readonly switch: BackendSwitch;

  constructor(
    readonly server: ServerEngine,
    private readonly local: () => LocalEngine,
    private readonly options: HybridOptions,
  ) {
    this.switch = new BackendSwitch(() => server.health({ timeoutMs: Math.max(1000, options.slowMs || 5000) }), { retryMs: options.retryMs, timers: options.timers, onChange: options.onSwitch });
  }

  infill(params: InfillParams, options: RequestOptions = {}): Promise<GenerationResult> {
    return this.route((engine, o) => engine.infill(params, o), options, true);
  }

  generate(params: GenerateParams, options: RequestOptions = {}): Promise<GenerationResult> {
    return this.route((engine, o) => engine.generate(params, o), options, true);
  }

  chat(params: ChatParams, options: RequestOptions = {}): Promise<GenerationResult> {
    return this.route((engine, o) => engine.chat(params, o), options, true);
  }

  classify(params: ClassifyParams, options: RequestOptions = {}): Promise<ClassifyResult> {
    return this.route((engine, o) => engine.classify(params, o), options, false);
  }

  ensureModel(): Promise<ModelInfo> {
    return this.route((engine) => engine.ensureModel(), {}, false);
  }

  countTokens(texts: string[]): Promise<number[]> {
    // Counts must come from the engine that will run the text: the one the switch names now.
    return this.route((engine) => engine.countTokens(texts), {}, false);
  }

  dispose(): void {
    this.switch.dispose();
    this.server.dispose();
  }

  private async route<T>(work: (engine: LocalEngine, options: RequestOptions) => Promise<T>, options: RequestOptions, streams: boolean): Promise<T> {
    if (!this.switch.useServer) return this.runLocal(work, options, reasonOf(this.switch.state));
    const slow = new AbortController();
    const timers = this.options.timers ?? REAL_TIMERS;
    let started = false;
    const timer = this.options.slowMs > 0 ? timers.setTimeout(() => slow.abort(), this.options.slowMs) : undefined;
    const stopTimer = () => timer !== undefined && timers.clearTimeout(timer);
    const signal = options.signal ? AbortSignal.any([options.signal, slow.signal]) : slow.signal;
    try {
      const result = await work(this.server, {
        ...options,
        signal,
        onPartialText: (delta) => {
          if (!started) stopTimer();
          started = true;
          options.onPartialText?.(delta);
        },
      });
      stopTimer();
      if (slow.signal.aborted && !options.signal?.aborted) {
        this.switch.unavailable(`${this.server.describe()} took longer than ${this.options.slowMs} ms`);
        return this.runLocal(work, options, reasonOf(this.switch.state));
      }
      this.options.onAnswered?.({ by: "server", why: "" });
      return result;
    } catch (error) {
      stopTimer();
      if (error instanceof RequestAborted) {
        if (options.signal?.aborted) throw new EngineError(EngineErrorCode.Cancelled, "Cancelled.");
        this.switch.unavailable(`${this.server.describe()} took longer than ${this.options.slowMs} ms`);
        return this.runLocal(work, options, reasonOf(this.switch.state));
      }
      if (!(error instanceof ServerError)) throw error;
      if (error.code === EngineErrorCode.ServerMisconfigured) this.switch.misconfigured(error.message);
      else this.switch.unavailable(error.message);
      // Text already shown came from the server: the local answer replaces it without streaming twice.
      return this.runLocal(work, started && streams ? { signal: options.signal } : options, error.message);
    }
  }

  private async runLocal<T>(work: (engine: LocalEngine, options: RequestOptions) => Promise<T>, options: RequestOptions, why: string): Promise<T> {
    const result = await work(this.local(), options);
    this.options.onAnswered?.({ by: "local", why });
    return result;
  }
}

function reasonOf(state: SwitchState): string {
  return state.kind === "server" ? "" : state.reason;
}
