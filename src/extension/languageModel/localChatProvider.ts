// The local model as a VS Code Language Model: chat views and other extensions find it with
// vscode.lm.selectChatModels({ vendor: "local-slm" }) and talk to it with no server. Requests run
// on the text tools' engine (the instruct model when one is set), through the model's own chat
// template, on the text sequence, which yields to ghost text between prompt chunks.
import { basename } from "node:path";
import * as vscode from "vscode";
import type { EngineClient } from "../../host/engineClient";
import { EngineError, EngineErrorCode } from "../../protocol/errors";
import { cleanModelText } from "../../text/cleanModelText";
import { checkSampling, SAMPLING_LIMITS } from "../../text/textCommands/sampling";
import { messageText, toChatMessages } from "./chatMessages";

export const VENDOR = "local-slm";
export const MODEL_ID = "local-slm-text";
/** Before the model is loaded, its size is not known: the configured context is reported. */
const OUTPUT_SHARE = 4;

export interface ChatProviderSource {
  engine(): EngineClient;
  /** The model file the text tools use and the configured context size. */
  configured(): { modelPath: string | undefined; contextSize: number };
  log: vscode.LogOutputChannel;
}

export class LocalChatProvider implements vscode.LanguageModelChatProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private reported: string | undefined;

  constructor(private readonly source: ChatProviderSource) {}

  /** Settings changed, or a load revealed the real context: VS Code asks for the list again. */
  refresh(): void {
    this.changed.fire();
  }

  provideLanguageModelChatInformation(): vscode.LanguageModelChatInformation[] {
    const info = this.information();
    this.reported = info ? JSON.stringify(info) : undefined;
    return info ? [info] : [];
  }

  async provideLanguageModelChatResponse(
    model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    // modelOptions come from other extensions: out of range is reported in the log and defaulted.
    const checked = checkSampling(options.modelOptions ?? {}, `a request to ${model.name}`, { temperature: 0.7, topP: 0.95, maxTokens: Math.min(model.maxOutputTokens, SAMPLING_LIMITS.maxTokens.max) });
    for (const problem of checked.problems) this.source.log.warn(problem);
    const seed = options.modelOptions?.seed;
    // For tests and benchmarks on synthetic models, which end a text almost at once (as the CLI's benches do).
    const ignoreEndOfGeneration = options.modelOptions?.ignoreEndOfGeneration === true;
    const abort = new AbortController();
    const listener = token.onCancellationRequested(() => abort.abort());
    try {
      if (token.isCancellationRequested) throw new vscode.CancellationError();
      const result = await this.source.engine().chat(
        { messages: toChatMessages(messages), ...checked.sampling, ...(Number.isInteger(seed) ? { seed } : {}), ...(ignoreEndOfGeneration ? { ignoreEndOfGeneration } : {}) },
        { signal: abort.signal, onPartialText: (delta) => {
            const clean = cleanModelText(delta); // no U+FFFD or control characters for other extensions either
            if (clean !== "") progress.report(new vscode.LanguageModelTextPart(clean));
          },
        },
      );
      if (result.stopReason === "aborted" || token.isCancellationRequested) throw new vscode.CancellationError();
      this.source.log.info(`language model request: ${result.timings.promptTokens} prompt tokens, ${result.timings.generatedTokens} generated in ${result.timings.totalMs} ms (${result.stopReason})`);
    } catch (error) {
      if (token.isCancellationRequested || (error instanceof EngineError && error.code === EngineErrorCode.Cancelled)) throw new vscode.CancellationError();
      throw error instanceof Error ? new Error(`Local SLM: ${error.message}`) : error;
    } finally {
      listener.dispose();
      this.refreshIfChanged();
    }
  }

  async provideTokenCount(_model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage, token: vscode.CancellationToken): Promise<number> {
    const content = messageText(text);
    if (content === "" || token.isCancellationRequested) return 0;
    const [count] = await this.source.engine().countTokens([content]);
    this.refreshIfChanged();
    return count ?? 0;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private information(): vscode.LanguageModelChatInformation | undefined {
    const { modelPath, contextSize: configured } = this.source.configured();
    if (!modelPath) return undefined;
    const loaded = this.source.engine().loadedModel;
    // The context actually allocated once loaded (it is capped at what the model was trained for).
    const contextSize = loaded?.contextSize ?? configured;
    const maxOutputTokens = Math.min(SAMPLING_LIMITS.maxTokens.max, Math.floor(contextSize / OUTPUT_SHARE));
    const name = loaded?.name ?? basename(modelPath).replace(/\.gguf$/i, "");
    return {
      id: MODEL_ID,
      name: `${name} (Local SLM)`,
      family: loaded?.architecture ?? "gguf",
      version: loaded ? `${loaded.quantization}, context ${contextSize}` : `context ${contextSize}`,
      tooltip: `${modelPath}: runs on this machine, nothing leaves it.`,
      detail: "local",
      maxInputTokens: contextSize - maxOutputTokens,
      maxOutputTokens,
      capabilities: {},
    };
  }

  private refreshIfChanged(): void {
    const info = this.information();
    if ((info ? JSON.stringify(info) : undefined) !== this.reported) this.refresh();
  }
}

export function registerLanguageModel(source: ChatProviderSource): { provider: LocalChatProvider; disposables: vscode.Disposable[] } {
  const provider = new LocalChatProvider(source);
  return { provider, disposables: [provider, vscode.lm.registerLanguageModelChatProvider(VENDOR, provider)] };
}
