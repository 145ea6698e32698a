// A server engine that finds out what the URL serves on first use (and again after a failure), so
// a server that is down when the editor starts is picked up when it comes up: the hybrid backend's
// probe goes through here too.
import type { RequestOptions } from "../protocol/requestOptions";
import type { ChatParams, ClassifyParams, ClassifyResult, GenerateParams, GenerationResult, InfillParams, ModelInfo } from "../protocol/types";
import { checkUrl, serverEngineFor } from "./createServerEngine";
import { detectServer } from "./detectServer";
import type { ServerEngine } from "./serverEngine";
import type { ServerApi, ServerConfig, SettingNames } from "./serverTypes";

export class LazyServerEngine implements ServerEngine {
  private engine: Promise<ServerEngine> | undefined;
  private resolved: ServerEngine | undefined;
  private disposed = false;

  constructor(
    private readonly config: ServerConfig,
    private readonly names: SettingNames,
    private readonly slotKey?: number,
  ) {}

  get api(): ServerApi {
    return this.resolved?.api ?? this.config.api ?? "openai";
  }

  get url(): string {
    return this.config.url;
  }

  describe(): string {
    return this.resolved?.describe() ?? `the server at ${this.url}`;
  }

  async health(options: RequestOptions & { timeoutMs?: number } = {}): Promise<void> {
    return (await this.resolve()).health(options);
  }

  async ensureModel(): Promise<ModelInfo> {
    return (await this.resolve()).ensureModel();
  }

  async infill(params: InfillParams, options?: RequestOptions): Promise<GenerationResult> {
    return (await this.resolve()).infill(params, options);
  }

  async generate(params: GenerateParams, options?: RequestOptions): Promise<GenerationResult> {
    return (await this.resolve()).generate(params, options);
  }

  async chat(params: ChatParams, options?: RequestOptions): Promise<GenerationResult> {
    return (await this.resolve()).chat(params, options);
  }

  async classify(params: ClassifyParams, options?: RequestOptions): Promise<ClassifyResult> {
    return (await this.resolve()).classify(params, options);
  }

  async countTokens(texts: string[]): Promise<number[]> {
    return (await this.resolve()).countTokens(texts);
  }

  dispose(): void {
    this.disposed = true;
    this.resolved?.dispose();
  }

  private resolve(): Promise<ServerEngine> {
    this.engine ??= (async () => {
      checkUrl(this.config.url, this.names);
      const api = this.config.api ?? (await detectServer(this.config, this.names)).api;
      const engine = serverEngineFor(api, this.config, this.names, this.slotKey);
      if (this.disposed) engine.dispose();
      this.resolved = engine;
      return engine;
    })().catch((error) => {
      this.engine = undefined; // detect again next time: the server may be up by then
      throw error;
    });
    return this.engine;
  }
}
