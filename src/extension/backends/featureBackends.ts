// Which engine answers each feature: the local worker, or the server with the local worker behind
// it (the hybrid backend). Built from the settings and the API key on first use and again after
// either changes; completion and the text tools each have their own switch, so completion can stay
// local while summaries go to the server. Reports who answered, and why, to the status bar.
import * as vscode from "vscode";
import type { InfillEngine } from "../../completion/completionPipeline";
import type { RequestOptions } from "../../protocol/requestOptions";
import type { ChatParams, ClassifyParams, GenerateParams, InfillParams } from "../../protocol/types";
import { type Answered, HybridEngine, type LocalEngine } from "../../server/hybridEngine";
import { LazyServerEngine } from "../../server/lazyServerEngine";
import { EXTENSION_SETTING_NAMES } from "../../server/serverTypes";
import type { TextEngine } from "../../text/textEngine";
import { readBackend, readServerSettings, SERVER_SETTINGS } from "../settings";
import { onApiKeyChange, readApiKey } from "./apiKey";

export type Feature = "completion" | "textTools";

/** How often a server that failed is tried again. */
const RETRY_MS = 30_000;

export interface BackendReport {
  feature: Feature;
  answered: Answered;
  server: string;
}

export class FeatureBackends implements vscode.Disposable {
  private readonly hybrids = new Map<Feature, Promise<HybridEngine | undefined>>();
  private readonly disposables: vscode.Disposable[] = [];
  /** One key per window: llama-server keeps this window's prompt cache in its own slot. */
  private readonly slotKey = process.pid;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly options: { report(report: BackendReport): void; warn(problem: string): void; reset?(): void },
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => SERVER_SETTINGS.some((s) => event.affectsConfiguration(s)) && this.reset()),
      onApiKeyChange(secrets, () => this.reset()),
    );
  }

  /** The completion engine: the local one, or the hybrid, chosen per request from the settings. */
  completion(local: LocalEngine): InfillEngine {
    return { infill: async (params: InfillParams, options?: RequestOptions) => (await this.engineFor("completion", local)).infill(params, options) };
  }

  /** The text tools' engine, chosen per call from the settings. */
  text(local: LocalEngine): TextEngine {
    const pick = () => this.engineFor("textTools", local);
    return {
      ensureModel: async () => (await pick()).ensureModel(),
      chat: async (params: ChatParams, options?: RequestOptions) => (await pick()).chat(params, options),
      generate: async (params: GenerateParams, options?: RequestOptions) => (await pick()).generate(params, options),
      classify: async (params: ClassifyParams, options?: RequestOptions) => (await pick()).classify(params, options),
      countTokens: async (texts: string[]) => (await pick()).countTokens(texts),
    };
  }

  private async engineFor(feature: Feature, local: LocalEngine): Promise<LocalEngine> {
    if (readBackend(feature) === "local") return local;
    let hybrid = this.hybrids.get(feature);
    if (!hybrid) {
      hybrid = this.create(feature, local);
      this.hybrids.set(feature, hybrid);
    }
    return (await hybrid) ?? local;
  }

  private async create(feature: Feature, local: LocalEngine): Promise<HybridEngine | undefined> {
    const settings = readServerSettings(this.options.warn);
    if (!settings) {
      this.options.warn(`localSlm.${feature}.backend is "server" but localSlm.server.url is empty: set the URL, or set the backend to "local". Using the local model.`);
      return undefined;
    }
    const apiKey = await readApiKey(this.secrets);
    const server = new LazyServerEngine({ ...settings, apiKey }, EXTENSION_SETTING_NAMES, this.slotKey);
    const slowMs = feature === "completion" ? settings.slowLimitMs : 0;
    return new HybridEngine(server, () => local, {
      slowMs,
      retryMs: RETRY_MS,
      onAnswered: (answered) => this.options.report({ feature, answered, server: server.describe() }),
      onSwitch: (state) => state.kind !== "server" && this.options.warn(`${feature === "completion" ? "Completion" : "Text tools"}: using the local model: ${state.reason}`),
    });
  }

  /** Settings or the key changed: the next request builds its engine again. */
  private reset(): void {
    const old = [...this.hybrids.values()];
    this.hybrids.clear();
    for (const hybrid of old) void hybrid.then((h) => h?.dispose());
    this.options.reset?.();
  }

  dispose(): void {
    this.reset();
    for (const d of this.disposables) d.dispose();
  }
}
