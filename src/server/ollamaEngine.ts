// Ollama's own API: /api/generate with "suffix" (Ollama lays out the model's FIM tokens from its
// template; models without an insert capability refuse), /api/chat for the text tools, NDJSON streams.
import type { RequestOptions } from "../protocol/requestOptions";
import type { ChatParams, ClassifyParams, ClassifyResult, GenerateParams, GenerationResult, InfillParams, ModelInfo, SamplingParams } from "../protocol/types";
import { HttpServerEngine, onceUntilFailure } from "./httpServerEngine";
import { scoresFromLogprobs } from "./labelScores";
import { misconfigured } from "./serverError";
import { estimateTokens, type ServerEngine, serverModelInfo } from "./serverEngine";
import { type StreamPiece, streamedError } from "./streamRun";

interface OllamaEvent {
  response?: string;
  message?: { content?: string };
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  logprobs?: { token: string; logprob: number; top_logprobs?: { token: string; logprob: number }[] }[];
}

interface ShowAnswer {
  capabilities?: string[];
  model_info?: Record<string, unknown>;
}

export class OllamaEngine extends HttpServerEngine implements ServerEngine {
  readonly api = "ollama" as const;

  describe(): string {
    return `Ollama at ${this.url}`;
  }

  async health(options: RequestOptions & { timeoutMs?: number } = {}): Promise<void> {
    await this.http.json({ method: "GET", path: "/api/tags", signal: options.signal, timeoutMs: options.timeoutMs });
  }

  async ensureModel(): Promise<ModelInfo> {
    const model = await this.resolveModel();
    return serverModelInfo("ollama", this.url, model.name, { contextSize: model.contextSize, fim: model.fim, chatTemplate: true });
  }

  async infill(params: InfillParams, options: RequestOptions = {}): Promise<GenerationResult> {
    // Other files as comments before the prefix: this API has no place of its own for them.
    params = params.repository ? { ...params, prefix: (params.repositoryComment ?? "") + params.prefix } : params;
    const model = await this.resolveModel();
    if (!model.fim) throw this.noFim(model.name);
    const body = { model: model.name, prompt: params.prefix, suffix: params.suffix, stream: true, options: this.options(params) };
    try {
      return await this.stream("/api/generate", body, "ndjson", params.timeLimitMs, options);
    } catch (error) {
      if (/does not support insert/i.test((error as Error).message)) throw this.noFim(model.name);
      throw error;
    }
  }

  async generate(params: GenerateParams, options: RequestOptions = {}): Promise<GenerationResult> {
    const model = await this.resolveModel();
    const body = { model: model.name, prompt: params.prompt, raw: true, stream: true, options: this.options(params) };
    return this.stream("/api/generate", body, "ndjson", params.timeLimitMs, options);
  }

  async chat(params: ChatParams, options: RequestOptions = {}): Promise<GenerationResult> {
    const model = await this.resolveModel();
    const body = { model: model.name, messages: params.messages, stream: true, options: this.options(params) };
    return this.stream("/api/chat", body, "ndjson", params.timeLimitMs, options);
  }

  async classify(params: ClassifyParams, options: RequestOptions = {}): Promise<ClassifyResult> {
    const started = performance.now();
    const model = await this.resolveModel();
    const messages = params.messages ?? [{ role: "user" as const, content: params.prompt ?? "" }];
    const answer = await this.http.json<OllamaEvent>({
      method: "POST",
      path: "/api/chat",
      body: { model: model.name, messages, stream: false, logprobs: true, top_logprobs: 20, options: { num_predict: 1, temperature: 0 } },
      signal: options.signal,
    });
    const top = answer.logprobs?.[0]?.top_logprobs;
    if (!top) throw misconfigured(`Ollama at ${this.url} returned no log-probabilities, so it cannot score labels: update Ollama (0.12 or later) or use llama-server for the text tools.`);
    return scoresFromLogprobs(params.labels, top, answer.prompt_eval_count ?? 0, started);
  }

  async countTokens(texts: string[]): Promise<number[]> {
    return texts.map(estimateTokens);
  }

  private noFim(name: string): Error {
    return misconfigured(`The model "${name}" on ${this.url} cannot fill in the middle (no insert capability): choose a coder base model in ${this.http.names.model}.`);
  }

  private readonly resolveModel = onceUntilFailure(async (): Promise<{ name: string; contextSize?: number; fim: boolean }> => {
    const tags = await this.http.json<{ models?: { name: string; model?: string }[] }>({ method: "GET", path: "/api/tags" });
    const models = tags.models ?? [];
    const wanted = this.config.model;
    const found = wanted ? models.find((m) => m.name === wanted || m.model === wanted || m.name === `${wanted}:latest`) : models[0];
    if (!found) {
      const have = models.map((m) => m.name).join(", ") || "none";
      throw misconfigured(wanted ? `Ollama at ${this.url} has no model "${wanted}" (it has: ${have}): change ${this.http.names.model} or run "ollama pull ${wanted}" there.` : `Ollama at ${this.url} has no models: pull one there.`);
    }
    const show = await this.http.json<ShowAnswer>({ method: "POST", path: "/api/show", body: { model: found.name } });
    const contextKey = Object.keys(show.model_info ?? {}).find((k) => k.endsWith(".context_length"));
    return { name: found.name, contextSize: contextKey ? Number(show.model_info![contextKey]) : undefined, fim: (show.capabilities ?? []).includes("insert") };
  });

  private options(params: SamplingParams) {
    return {
      num_predict: params.maxTokens,
      temperature: params.temperature ?? 0,
      ...(params.topK !== undefined ? { top_k: params.topK } : {}),
      ...(params.topP !== undefined ? { top_p: params.topP } : {}),
      ...(params.seed !== undefined ? { seed: params.seed } : {}),
      ...(params.stop?.length ? { stop: params.stop } : {}),
    };
  }

  protected piece(event: unknown): StreamPiece {
    const error = streamedError(this.url, event);
    if (error) throw error;
    const e = event as OllamaEvent;
    return {
      delta: e.response ?? e.message?.content ?? "",
      done: e.done === true,
      stopReason: e.done_reason === "length" ? "maxTokens" : "endOfGeneration",
      timings: e.done ? { promptTokens: e.prompt_eval_count ?? 0, promptTokensEvaluated: e.prompt_eval_count ?? 0, generatedTokens: e.eval_count ?? 0 } : undefined,
    };
  }
}
