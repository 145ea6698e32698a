// llama.cpp's own server: /infill with repository context (input_extra), prompt caching with
// KV-shift reuse, a slot per editor window (its cache is not evicted by other users), a server-side
// time limit, streamed text; /v1/chat/completions for the text tools; labels scored from n_probs.
import type { RequestOptions } from "../protocol/requestOptions";
import type { ChatParams, ClassifyParams, ClassifyResult, GenerateParams, GenerationResult, InfillParams, ModelInfo, SamplingParams, StopReason } from "../protocol/types";
import { HttpConnection } from "./http";
import { misconfigured } from "./serverError";
import { type ServerEngine, serverModelInfo } from "./serverEngine";
import type { ServerConfig, SettingNames } from "./serverTypes";
import { runStream, type StreamPiece, streamedError } from "./streamRun";

interface Props {
  default_generation_settings?: { n_ctx?: number };
  total_slots?: number;
  model_path?: string;
  model_alias?: string;
  chat_template?: string;
  build_info?: string;
}

interface LlamaServerEvent {
  content?: string;
  stop?: boolean;
  stop_type?: "none" | "eos" | "word" | "limit";
  timings?: { cache_n?: number; prompt_n?: number; predicted_n?: number };
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
}

/** Prompt tokens a request may move in the KV cache instead of evaluating again (llama-server's n_cache_reuse). */
const CACHE_REUSE_CHUNK = 256;
/** Top tokens asked for when scoring labels: a label's first token outside them counts as 0. */
const LABEL_TOP_TOKENS = 100;

export class LlamaServerEngine implements ServerEngine {
  readonly api = "llama-server" as const;
  private readonly http: HttpConnection;
  private props: Promise<Props> | undefined;

  constructor(
    private readonly config: ServerConfig,
    names: SettingNames,
    /** Which slot this client keeps its cache in (one per editor window); the server's choice when undefined. */
    private readonly slotKey?: number,
  ) {
    this.http = new HttpConnection(config, names);
  }

  get url(): string {
    return this.config.url;
  }

  describe(): string {
    return `llama-server at ${this.url}`;
  }

  async health(options: RequestOptions & { timeoutMs?: number } = {}): Promise<void> {
    await this.http.json({ method: "GET", path: "/health", signal: options.signal, timeoutMs: options.timeoutMs });
  }

  async ensureModel(): Promise<ModelInfo> {
    const props = await this.readProps();
    const name = this.config.model ?? props.model_alias ?? basename(props.model_path ?? "model");
    return serverModelInfo("llama-server", this.url, name, { contextSize: props.default_generation_settings?.n_ctx, fim: true, chatTemplate: Boolean(props.chat_template) });
  }

  async infill(params: InfillParams, options: RequestOptions = {}): Promise<GenerationResult> {
    const body = {
      input_prefix: params.prefix,
      input_suffix: params.suffix,
      input_extra: (params.extraContext ?? []).map((c) => ({ filename: c.name, text: c.text })),
      ...(await this.common(params)),
    };
    try {
      return await runStream(this.http, { path: "/infill", body, format: "sse", timeLimitMs: params.timeLimitMs, parse: (e) => this.piece(e) }, options);
    } catch (error) {
      if ((error as { status?: number }).status === 501) {
        throw misconfigured(`The model on ${this.url} has no fill-in-the-middle tokens, so it cannot complete code: run a coder base model there, or set ${this.http.names.url === "--server" ? "no --server" : "localSlm.completion.backend to local"}.`, 501);
      }
      throw error;
    }
  }

  async generate(params: GenerateParams, options: RequestOptions = {}): Promise<GenerationResult> {
    const body = { prompt: params.prompt, ...(await this.common(params)) };
    return runStream(this.http, { path: "/completion", body, format: "sse", timeLimitMs: params.timeLimitMs, parse: (e) => this.piece(e) }, options);
  }

  async chat(params: ChatParams, options: RequestOptions = {}): Promise<GenerationResult> {
    const { n_predict, ...rest } = await this.common(params);
    const body = { messages: params.messages, max_tokens: n_predict, ...rest };
    return runStream(this.http, { path: "/v1/chat/completions", body, format: "sse", timeLimitMs: params.timeLimitMs, parse: (e) => this.piece(e) }, options);
  }

  async classify(params: ClassifyParams, options: RequestOptions = {}): Promise<ClassifyResult> {
    const started = performance.now();
    const prompt = params.messages ? (await this.http.json<{ prompt: string }>({ method: "POST", path: "/apply-template", body: { messages: params.messages }, signal: options.signal })).prompt : params.prompt ?? "";
    // Each label's first token after this prompt, as the server's tokenizer sees it: the first
    // spelling (labels or a variant) whose labels all begin with different tokens.
    const promptTokens = await this.tokenize(prompt, options.signal);
    const firstTokens = async (labels: string[]) =>
      Promise.all(labels.map(async (label) => {
        const tokens = await this.tokenize(prompt + label, options.signal);
        return tokens[firstDifference(promptTokens, tokens)];
      }));
    let labelTokens = await firstTokens(params.labels);
    for (const variant of params.labelVariants ?? []) {
      if (new Set(labelTokens).size === labelTokens.length && labelTokens.every((t) => t !== undefined)) break;
      labelTokens = await firstTokens(variant);
    }
    const answer = await this.http.json<{ completion_probabilities?: { top_logprobs?: { id: number; logprob: number }[] }[]; timings?: { prompt_n?: number; cache_n?: number } }>({
      method: "POST",
      path: "/completion",
      body: { prompt, n_predict: 1, n_probs: LABEL_TOP_TOKENS, temperature: 0, cache_prompt: true, ...(await this.slot()) },
      signal: options.signal,
    });
    const top = answer.completion_probabilities?.[0]?.top_logprobs ?? [];
    const byId = new Map(top.map((t) => [t.id, Math.exp(t.logprob)]));
    const raw = labelTokens.map((id) => (id === undefined ? 0 : byId.get(id) ?? 0));
    const sum = raw.reduce((a, b) => a + b, 0);
    const totalMs = Math.round(performance.now() - started);
    const evaluated = answer.timings?.prompt_n ?? 0;
    const reused = answer.timings?.cache_n ?? 0;
    return {
      scores: sum > 0 ? raw.map((p) => p / sum) : raw.map(() => 1 / raw.length),
      timings: { promptTokens: evaluated + reused, promptTokensEvaluated: evaluated, promptTokensReused: reused, generatedTokens: 1, promptMs: totalMs, generationMs: 0, totalMs },
    };
  }

  async countTokens(texts: string[]): Promise<number[]> {
    return Promise.all(texts.map(async (text) => (await this.tokenize(text)).length));
  }

  dispose(): void {
    this.http.dispose();
  }

  private async tokenize(content: string, signal?: AbortSignal): Promise<number[]> {
    const answer = await this.http.json<{ tokens?: number[] }>({ method: "POST", path: "/tokenize", body: { content, add_special: false, parse_special: true }, signal });
    return answer.tokens ?? [];
  }

  private readProps(): Promise<Props> {
    this.props ??= this.http.json<Props>({ method: "GET", path: "/props" }).catch((error) => {
      this.props = undefined;
      throw error;
    });
    return this.props;
  }

  /** The slot for this window: the same one every time, so its KV cache holds this window's file. */
  private async slot(): Promise<{ id_slot?: number }> {
    if (this.slotKey === undefined) return {};
    const slots = (await this.readProps()).total_slots ?? 1;
    return { id_slot: Math.abs(this.slotKey) % Math.max(1, slots) };
  }

  private async common(params: SamplingParams) {
    return {
      n_predict: params.maxTokens,
      temperature: params.temperature ?? 0,
      ...(params.topK !== undefined ? { top_k: params.topK } : {}),
      ...(params.topP !== undefined ? { top_p: params.topP } : {}),
      ...(params.seed !== undefined ? { seed: params.seed } : {}),
      ...(params.stop?.length ? { stop: params.stop } : {}),
      ...(params.ignoreEndOfGeneration ? { ignore_eos: true } : {}),
      ...(params.timeLimitMs ? { t_max_predict_ms: params.timeLimitMs } : {}),
      stream: true,
      cache_prompt: true,
      n_cache_reuse: CACHE_REUSE_CHUNK,
      ...(await this.slot()),
    };
  }

  private piece(event: unknown): StreamPiece {
    const error = streamedError(this.url, event);
    if (error) throw error;
    const e = event as LlamaServerEvent;
    const choice = e.choices?.[0];
    const delta = choice ? choice.delta?.content ?? "" : e.content ?? "";
    const done = choice ? Boolean(choice.finish_reason) : e.stop === true;
    const t = e.timings;
    return {
      delta,
      done,
      stopReason: choice ? (choice.finish_reason === "length" ? "maxTokens" : "endOfGeneration") : stopReason(e.stop_type),
      timings: t ? { promptTokens: (t.prompt_n ?? 0) + (t.cache_n ?? 0), promptTokensEvaluated: t.prompt_n ?? 0, promptTokensReused: t.cache_n ?? 0, generatedTokens: t.predicted_n ?? 0 } : undefined,
    };
  }
}

function stopReason(type: LlamaServerEvent["stop_type"]): StopReason {
  if (type === "limit") return "maxTokens";
  if (type === "word") return "stopString";
  return "endOfGeneration";
}

function firstDifference(a: number[], b: number[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function basename(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
