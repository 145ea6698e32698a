// llama.cpp's own server: /infill with repository context (input_extra), prompt caching with
// KV-shift reuse, a slot per editor window (its cache is not evicted by other users), a server-side
// time limit, streamed text; /v1/chat/completions for the text tools; labels scored from n_probs
// (with a logit bias that keeps the labels' ratios, so no label falls outside the top tokens).
import type { RequestOptions } from "../protocol/requestOptions";
import type { ChatParams, ClassifyParams, ClassifyResult, GenerateParams, GenerationResult, InfillParams, ModelInfo, SamplingParams, StopReason } from "../protocol/types";
import { HttpServerEngine, onceUntilFailure } from "./httpServerEngine";
import { misconfigured } from "./serverError";
import { type ServerEngine, serverModelInfo } from "./serverEngine";
import type { ServerConfig, SettingNames } from "./serverTypes";
import { type StreamPiece, streamedError } from "./streamRun";

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
/** Added to each label's first-token logit when scoring: large enough that no other token remains in play. */
const LABEL_BIAS = 100;

export class LlamaServerEngine extends HttpServerEngine implements ServerEngine {
  readonly api = "llama-server" as const;

  constructor(
    config: ServerConfig,
    names: SettingNames,
    /** Which slot this client keeps its cache in (one per editor window); the server's choice when undefined. */
    private readonly slotKey?: number,
  ) {
    super(config, names);
  }

  describe(): string {
    return `llama-server at ${this.url}`;
  }

  async health(options: RequestOptions & { timeoutMs?: number } = {}): Promise<void> {
    await this.http.json({ method: "GET", path: "/health", signal: options.signal, timeoutMs: options.timeoutMs });
  }

  async ensureModel(): Promise<ModelInfo> {
    const props = await this.readProps();
    const name = this.config.model ?? basename(props.model_alias ?? props.model_path ?? "model");
    return serverModelInfo("llama-server", this.url, name, { contextSize: props.default_generation_settings?.n_ctx, fim: true, chatTemplate: Boolean(props.chat_template) });
  }

  async infill(params: InfillParams, options: RequestOptions = {}): Promise<GenerationResult> {
    const body = {
      input_prefix: params.prefix,
      input_suffix: params.suffix,
      // Other files go in llama-server's own repository layout (input_extra): it uses the model's
      // <|repo_name|>/<|file_sep|> tokens when it has them, a plain separator otherwise.
      input_extra: (params.repository?.files ?? []).map((file) => ({ filename: file.path, text: file.text })),
      ...(await this.common(params)),
    };
    try {
      return await this.stream("/infill", body, "sse", params.timeLimitMs, options);
    } catch (error) {
      if ((error as { status?: number }).status === 501) {
        throw misconfigured(`The model on ${this.url} has no fill-in-the-middle tokens, so it cannot complete code: run a coder base model there, or set ${this.http.names.url === "--server" ? "no --server" : "localSlm.completion.backend to local"}.`, 501);
      }
      throw error;
    }
  }

  async generate(params: GenerateParams, options: RequestOptions = {}): Promise<GenerationResult> {
    const body = { prompt: params.prompt, ...(await this.common(params)) };
    return this.stream("/completion", body, "sse", params.timeLimitMs, options);
  }

  async chat(params: ChatParams, options: RequestOptions = {}): Promise<GenerationResult> {
    const { n_predict, ...rest } = await this.common(params);
    const body = { messages: params.messages, max_tokens: n_predict, ...rest };
    return this.stream("/v1/chat/completions", body, "sse", params.timeLimitMs, options);
  }

  async classify(params: ClassifyParams, options: RequestOptions = {}): Promise<ClassifyResult> {
    const started = performance.now();
    const signal = options.signal;
    const prompt = params.messages ? (await this.http.json<{ prompt: string }>({ method: "POST", path: "/apply-template", body: { messages: params.messages }, signal })).prompt : params.prompt ?? "";
    // The prompt as /completion would tokenize it (with BOS), and each label's tokens after it.
    const promptTokens = await this.tokenize(prompt, signal, true);
    const continuation = async (label: string) => {
      const tokens = await this.tokenize(prompt + label, signal, true);
      return tokens.slice(firstDifference(promptTokens, tokens));
    };
    // The first spelling (labels, then the variants) whose labels begin with different tokens
    // needs one request; otherwise the labels are told apart token by token.
    let sequences: number[][] | undefined;
    for (const labels of [params.labels, ...(params.labelVariants ?? [])]) {
      const candidate = await Promise.all(labels.map(continuation));
      const firsts = candidate.map((seq) => seq[0]);
      if (firsts.every((t) => t !== undefined) && new Set(firsts).size === firsts.length) {
        sequences = candidate;
        break;
      }
    }
    sequences ??= await Promise.all(params.labels.map(continuation));
    const counts = { evaluated: 0, reused: 0, requests: 0 };
    const shares = await this.labelTree(promptTokens, sequences.map((seq, index) => ({ index, seq })), 0, counts, signal);
    const raw = params.labels.map((_, i) => shares.get(i) ?? 0);
    const sum = raw.reduce((a, b) => a + b, 0);
    const totalMs = Math.round(performance.now() - started);
    return {
      scores: sum > 0 ? raw.map((p) => p / sum) : raw.map(() => 1 / raw.length),
      timings: { promptTokens: counts.evaluated + counts.reused, promptTokensEvaluated: counts.evaluated, promptTokensReused: counts.reused, generatedTokens: counts.requests, promptMs: totalMs, generationMs: 0, totalMs },
    };
  }

  /**
   * Each label's share: at each token where labels part, the probabilities of the tokens that part
   * them (one request per fork), multiplied along each label's path until it stands alone.
   */
  private async labelTree(prefix: number[], group: { index: number; seq: number[] }[], depth: number, counts: { evaluated: number; reused: number; requests: number }, signal?: AbortSignal): Promise<Map<number, number>> {
    if (group.length === 1) return new Map([[group[0]!.index, 1]]);
    const children = new Map<number, { index: number; seq: number[] }[]>();
    for (const member of group) {
      const token = member.seq[depth];
      if (token === undefined) continue; // a label that is a prefix of another cannot be told apart here: it gets nothing
      children.set(token, [...(children.get(token) ?? []), member]);
    }
    if (children.size === 0) return new Map();
    const probabilities = children.size === 1 ? new Map([[[...children.keys()][0]!, 1]]) : await this.biasedProbabilities(prefix, [...children.keys()], counts, signal);
    const total = [...probabilities.values()].reduce((a, b) => a + b, 0);
    const shares = new Map<number, number>();
    for (const [token, members] of children) {
      const share = total > 0 ? (probabilities.get(token) ?? 0) / total : 1 / children.size;
      for (const [index, sub] of await this.labelTree([...prefix, token], members, depth + 1, counts, signal)) shares.set(index, share * sub);
    }
    return shares;
  }

  /**
   * The next-token probabilities of some tokens, relative to each other. The same large bias on
   * each keeps their ratios and puts them on top, so no token falls outside the top n_probs; the
   * probabilities after that sampler are the answer (no need to read the whole vocabulary).
   */
  private async biasedProbabilities(prompt: number[], tokens: number[], counts: { evaluated: number; reused: number; requests: number }, signal?: AbortSignal): Promise<Map<number, number>> {
    const answer = await this.http.json<{ completion_probabilities?: { top_probs?: { id: number; prob: number }[] }[]; timings?: { prompt_n?: number; cache_n?: number } }>({
      method: "POST",
      path: "/completion",
      body: {
        prompt,
        n_predict: 1,
        n_probs: tokens.length,
        post_sampling_probs: true,
        samplers: ["temperature"],
        temperature: 1,
        logit_bias: tokens.map((id) => [id, LABEL_BIAS]),
        cache_prompt: true,
        ...(await this.slot()),
      },
      signal,
    });
    counts.evaluated += answer.timings?.prompt_n ?? 0;
    counts.reused += answer.timings?.cache_n ?? 0;
    counts.requests++;
    const top = answer.completion_probabilities?.[0]?.top_probs ?? [];
    return new Map(top.filter((t) => tokens.includes(t.id)).map((t) => [t.id, t.prob]));
  }

  async countTokens(texts: string[]): Promise<number[]> {
    return Promise.all(texts.map(async (text) => (await this.tokenize(text)).length));
  }

  private async tokenize(content: string, signal?: AbortSignal, addSpecial = false): Promise<number[]> {
    const answer = await this.http.json<{ tokens?: number[] }>({ method: "POST", path: "/tokenize", body: { content, add_special: addSpecial, parse_special: true }, signal });
    return answer.tokens ?? [];
  }

  private readonly readProps = onceUntilFailure(() => this.http.json<Props>({ method: "GET", path: "/props" }));

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

  protected piece(event: unknown): StreamPiece {
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
