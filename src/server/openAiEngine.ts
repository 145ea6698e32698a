// OpenAI-compatible servers (vLLM, LM Studio, llama-server, Ollama's /v1): /v1/completions with a
// fill-in-the-middle prompt we render from the model's FIM tokens, or with "suffix" when we cannot
// tell the model's layout (servers that implement it do the layout); /v1/chat/completions for the
// text tools, with log-probabilities for label scoring.
import type { RequestOptions } from "../protocol/requestOptions";
import type { ChatParams, ClassifyParams, ClassifyResult, GenerateParams, GenerationResult, InfillParams, ModelInfo, SamplingParams, StopReason } from "../protocol/types";
import { type FimTemplate, renderFim, templateByName, templateByTokens } from "./fimTemplates";
import { HttpServerEngine, onceUntilFailure } from "./httpServerEngine";
import { scoresFromLogprobs } from "./labelScores";
import { misconfigured } from "./serverError";
import { estimateTokens, type ServerEngine, serverModelInfo } from "./serverEngine";
import { type StreamPiece, streamedError } from "./streamRun";

interface ModelList {
  data?: { id: string; max_model_len?: number; meta?: { n_ctx_train?: number; n_vocab?: number } }[];
}

interface ChoiceEvent {
  choices?: { text?: string; delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  timings?: { cache_n?: number; prompt_n?: number; predicted_n?: number };
}

export class OpenAiEngine extends HttpServerEngine implements ServerEngine {
  readonly api = "openai" as const;

  describe(): string {
    return `OpenAI-compatible server at ${this.url}`;
  }

  async health(options: RequestOptions & { timeoutMs?: number } = {}): Promise<void> {
    await this.http.json({ method: "GET", path: "/v1/models", signal: options.signal, timeoutMs: options.timeoutMs });
  }

  async ensureModel(): Promise<ModelInfo> {
    const model = await this.resolveModel();
    return serverModelInfo("openai", this.url, model.id, { contextSize: model.contextSize, fim: true, chatTemplate: true });
  }

  async infill(params: InfillParams, options: RequestOptions = {}): Promise<GenerationResult> {
    // Other files as comments before the prefix: this API has no place of its own for them.
    params = params.repository ? { ...params, prefix: (params.repositoryComment ?? "") + params.prefix } : params;
    const model = await this.resolveModel();
    const sampling = this.sampling(params);
    const body =
      model.fim === "suffix"
        ? { model: model.id, prompt: params.prefix, suffix: params.suffix, ...sampling }
        : { model: model.id, prompt: renderFim(model.fim, params.prefix, params.suffix), ...sampling, stop: [...(params.stop ?? []), ...model.fim.stop].slice(0, 4) };
    return this.stream("/v1/completions", body, "sse", params.timeLimitMs, options);
  }

  async generate(params: GenerateParams, options: RequestOptions = {}): Promise<GenerationResult> {
    const model = await this.resolveModel();
    const body = { model: model.id, prompt: params.prompt, ...this.sampling(params) };
    return this.stream("/v1/completions", body, "sse", params.timeLimitMs, options);
  }

  async chat(params: ChatParams, options: RequestOptions = {}): Promise<GenerationResult> {
    const model = await this.resolveModel();
    const body = { model: model.id, messages: params.messages, ...this.sampling(params) };
    return this.stream("/v1/chat/completions", body, "sse", params.timeLimitMs, options);
  }

  async classify(params: ClassifyParams, options: RequestOptions = {}): Promise<ClassifyResult> {
    const started = performance.now();
    const model = await this.resolveModel();
    const messages = params.messages ?? [{ role: "user" as const, content: params.prompt ?? "" }];
    const answer = await this.http.json<{ choices?: { logprobs?: { content?: { top_logprobs?: { token: string; logprob: number }[] }[] } }[]; usage?: { prompt_tokens?: number } }>({
      method: "POST",
      path: "/v1/chat/completions",
      body: { model: model.id, messages, max_tokens: 1, temperature: 0, logprobs: true, top_logprobs: 20 },
      signal: options.signal,
    });
    const top = answer.choices?.[0]?.logprobs?.content?.[0]?.top_logprobs;
    if (!top) throw misconfigured(`The server at ${this.url} returned no log-probabilities, so it cannot score labels: use a server that supports "logprobs" (llama-server, vLLM) for the text tools.`);
    return scoresFromLogprobs(params.labels, top, answer.usage?.prompt_tokens ?? 0, started);
  }

  async countTokens(texts: string[]): Promise<number[]> {
    return texts.map(estimateTokens);
  }

  private readonly resolveModel = onceUntilFailure(async (): Promise<{ id: string; contextSize?: number; fim: FimTemplate | "suffix" }> => {
    const list = await this.http.json<ModelList>({ method: "GET", path: "/v1/models" });
    const models = list.data ?? [];
    const wanted = this.config.model;
    const found = wanted ? models.find((m) => m.id === wanted) : models[0];
    if (!found) {
      const have = models.map((m) => m.id).join(", ") || "none";
      throw misconfigured(wanted ? `The server at ${this.url} has no model "${wanted}" (it has: ${have}): change ${this.http.names.model}.` : `The server at ${this.url} lists no models.`);
    }
    const fim = templateByName(found.id) ?? (await this.templateFromTokenizer(found.id)) ?? ("suffix" as const);
    return { id: found.id, contextSize: found.max_model_len ?? found.meta?.n_ctx_train, fim };
  });

  /** llama-server and vLLM have a /tokenize endpoint next to the OpenAI ones: read the FIM layout from the tokens. */
  private async templateFromTokenizer(model: string): Promise<FimTemplate | undefined> {
    try {
      return await templateByTokens(async (text) => {
        const answer = await this.http.json<{ tokens?: unknown[]; count?: number }>({ method: "POST", path: "/tokenize", body: { model, content: text, prompt: text, add_special: false, parse_special: true, add_special_tokens: false } });
        return answer.count ?? answer.tokens?.length ?? 0;
      });
    } catch {
      return undefined; // no tokenizer endpoint: the server lays out "suffix" itself, or the name told us
    }
  }

  private sampling(params: SamplingParams) {
    return {
      max_tokens: params.maxTokens,
      temperature: params.temperature ?? 0,
      ...(params.topP !== undefined ? { top_p: params.topP } : {}),
      ...(params.seed !== undefined ? { seed: params.seed } : {}),
      // The OpenAI API takes at most 4 stop strings.
      ...(params.stop?.length ? { stop: params.stop.slice(0, 4) } : {}),
      stream: true,
      stream_options: { include_usage: true },
    };
  }

  protected piece(event: unknown): StreamPiece {
    const error = streamedError(this.url, event);
    if (error) throw error;
    const e = event as ChoiceEvent;
    const choice = e.choices?.[0];
    const delta = choice?.text ?? choice?.delta?.content ?? "";
    const finish = choice?.finish_reason;
    const usage = e.usage ?? undefined;
    const t = e.timings;
    const timings = t
      ? { promptTokens: (t.prompt_n ?? 0) + (t.cache_n ?? 0), promptTokensEvaluated: t.prompt_n ?? 0, promptTokensReused: t.cache_n ?? 0, generatedTokens: t.predicted_n ?? 0 }
      : usage
        ? { promptTokens: usage.prompt_tokens ?? 0, generatedTokens: usage.completion_tokens ?? 0 }
        : undefined;
    // With include_usage the last event carries usage and no choice; servers without it end on finish_reason.
    return { delta: delta ?? "", done: Boolean(finish), stopReason: finishReason(finish), timings };
  }
}

function finishReason(finish: string | null | undefined): StopReason | undefined {
  if (!finish) return undefined;
  return finish === "length" ? "maxTokens" : finish === "stop" ? "endOfGeneration" : "endOfGeneration";
}
