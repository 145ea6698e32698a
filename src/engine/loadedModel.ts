// A model and its context, with one sequence for completion and one for text tools, so that a
// summary never evicts the completion KV cache (and the reverse).
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { EngineError, EngineErrorCode } from "../protocol/errors";
import type { LoadModelParams, ModelInfo, SequenceName } from "../protocol/types";
import type { Runtime, RecentLog } from "./llamaRuntime";
import { assertFits, availableMemory, estimateMemory } from "./memoryEstimate";
import { preflightLoraAdapters } from "./loraAdapters";
import { firstLine, preflightModelFile } from "./modelPreflight";
import type { GgufFileInfo, LlamaContext, LlamaContextSequence, LlamaModel } from "./nodeLlamaCpp";
import { ChunkSizer } from "./promptEvaluation";
import { SequenceLock } from "./sequenceLock";
import { modelFamily } from "./family/modelFamily";

const SEQUENCES: readonly SequenceName[] = ["completion", "text"];
/** With next edit on: its own sequence, so neither it nor completion evicts the other's KV cache. */
const WITH_NEXT_EDIT: readonly SequenceName[] = [...SEQUENCES, "nextEdit"];
const COMPLETION_CHUNK_MS = 100;
const TEXT_CHUNK_MS = 2000;

export class LoadedModel {
  private readonly locks = new Map<SequenceName, SequenceLock>(WITH_NEXT_EDIT.map((s) => [s, new SequenceLock()]));
  /**
   * Prompt chunk sizes follow this model's measured speed on this machine. Completion wants a
   * quick abort (the next keystroke is waiting); text tools want throughput (long prompts, rare
   * cancels, and a cancelled request answers at once anyway).
   */
  private readonly chunkSizers = new Map<SequenceName, ChunkSizer>([
    // At least 64 tokens: a keystroke's prompt (the edit and the short suffix, ~40 tokens) is then
    // one decode, not two or three, each with its fixed cost.
    ["completion", new ChunkSizer(COMPLETION_CHUNK_MS, 64, 512, 64)],
    ["text", new ChunkSizer(TEXT_CHUNK_MS)],
    // A next-edit prompt is a few thousand tokens, mostly reused; the new part must still abort fast.
    ["nextEdit", new ChunkSizer(COMPLETION_CHUNK_MS, 64, 512, 64)],
  ]);

  private constructor(
    readonly runtime: Runtime,
    readonly params: LoadModelParams,
    readonly info: ModelInfo,
    readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly sequences: Map<SequenceName, LlamaContextSequence>,
  ) {}

  static async load(params: LoadModelParams, runtime: Runtime, recentLog: RecentLog, onProgress?: (fraction: number) => void): Promise<LoadedModel> {
    const started = performance.now();
    const { nlc, llama } = runtime;
    const fileInfo = await preflightModelFile(params.modelPath, nlc);
    const architecture = String(fileInfo.metadata.general?.architecture ?? "unknown");
    const insights = await nlc.GgufInsights.from(fileInfo, llama);
    if (!insights.isSupportedByLlamaCpp) throw unsupportedArchitecture(params.modelPath, architecture);
    const loraAdapters = params.loraAdapters ?? [];
    if (loraAdapters.length > 0) await preflightLoraAdapters(nlc, fileInfo, loraAdapters);

    // A context larger than the model was trained for is never allocated (see createContext below).
    const contextSize = Math.min(params.contextSize, insights.trainContextSize ?? params.contextSize);
    const names = params.nextEditSequence ? WITH_NEXT_EDIT : SEQUENCES;
    const estimate = await estimateMemory(nlc, llama, fileInfo, contextSize, names.length);
    assertFits(params.modelPath, estimate, await availableMemory(llama));

    recentLog.clear();
    let model: LlamaModel;
    try {
      model = await llama.loadModel({
        modelPath: params.modelPath,
        gpuLayers: runtime.backend === "cpu" ? 0 : "auto",
        ...(onProgress ? { onLoadProgress: onProgress } : {}),
      });
    } catch (error) {
      await new Promise((resolve) => setTimeout(resolve, 250)); // llama.cpp's log lines arrive after the rejection
      throw explainLoadFailure(params.modelPath, architecture, error, recentLog);
    }
    let context: LlamaContext;
    try {
      context = await model.createContext({
        contextSize,
        sequences: names.length,
        threads: params.threads,
        ...(loraAdapters.length > 0 ? { lora: { adapters: loraAdapters.map((a) => ({ filePath: a.path, scale: a.scale })) } } : {}),
      });
    } catch (error) {
      await model.dispose();
      if (loraAdapters.length > 0) await new Promise((resolve) => setTimeout(resolve, 250)); // llama.cpp logs the reason after the rejection
      const loraProblem = loraAdapters.length > 0 ? recentLog.find(/lora/i) : undefined;
      if (loraProblem) {
        const reason = loraProblem.replace(/^.*failed to apply lora adapter: /i, "");
        throw new EngineError(EngineErrorCode.LoraAdapterInvalid, `llama.cpp refused the LoRA adapters for ${params.modelPath}: ${reason}.`, loraAdapters[0]!.path);
      }
      throw new EngineError(EngineErrorCode.ModelLoadFailed, `Could not create a ${params.contextSize}-token context for ${params.modelPath}: ${firstLine(error)}. Lower localSlm.contextSize.`, params.modelPath);
    }
    // Prompt lookup only where the output repeats the input most (code); a predictor belongs to one sequence.
    const predictorFor = (name: SequenceName) => (name === "completion" && params.promptLookup ? { tokenPredictor: new nlc.InputLookupTokenPredictor() } : undefined);
    const sequences = new Map(names.map((name) => [name, context.getSequence(predictorFor(name))] as const));
    const info = await describe(params, runtime, fileInfo, model, context, estimate.totalBytes, performance.now() - started);
    return new LoadedModel(runtime, params, info, model, context, sequences);
  }

  chunkSizer(name: SequenceName): ChunkSizer {
    return this.chunkSizers.get(name)!;
  }

  sequence(name: SequenceName): LlamaContextSequence {
    const sequence = this.sequences.get(name);
    if (!sequence) throw new EngineError(EngineErrorCode.Internal, `The model was loaded without a ${name} sequence.`);
    return sequence;
  }

  lock(name: SequenceName): SequenceLock {
    return this.locks.get(name)!;
  }

  /**
   * What a request on `name` awaits before each prompt chunk: text requests (chat, summaries,
   * sentiment) wait while a completion request runs, so ghost text never waits for more than the
   * text chunk already in flight. Completion never waits for text.
   */
  yieldFor(name: SequenceName): (() => Promise<void>) | undefined {
    if (name === "completion") return undefined;
    const completion = this.lock("completion");
    return () => completion.idle();
  }

  busySequences(): SequenceName[] {
    return [...this.sequences.keys()].filter((s) => this.locks.get(s)!.busy);
  }

  /** Waits for generations in progress to end, then frees the context and the model. */
  async dispose(): Promise<void> {
    await Promise.all([...this.sequences.keys()].map((name) => this.lock(name).run(async () => undefined)));
    await this.context.dispose();
    await this.model.dispose();
  }
}

function unsupportedArchitecture(path: string, architecture: string): EngineError {
  return new EngineError(
    EngineErrorCode.ModelUnsupportedArchitecture,
    `${path} uses the model architecture "${architecture}", which this version of llama.cpp does not support: choose another model.`,
    path,
  );
}

function explainLoadFailure(path: string, architecture: string, error: unknown, recentLog: RecentLog): EngineError {
  if (recentLog.find(/unknown model architecture/i)) return unsupportedArchitecture(path, architecture);
  const logged = recentLog.find(/error loading model: /)?.replace(/^.*error loading model: /, "");
  const detail = logged ?? firstLine(error);
  return new EngineError(EngineErrorCode.ModelLoadFailed, `Could not load ${path}: ${detail}. The file may be corrupt: download it again.`, path);
}

async function describe(
  params: LoadModelParams,
  runtime: Runtime,
  fileInfo: GgufFileInfo,
  model: LlamaModel,
  context: LlamaContext,
  estimatedMemoryBytes: number,
  loadMs: number,
): Promise<ModelInfo> {
  const general = fileInfo.metadata.general;
  const tokenizer = fileInfo.metadata.tokenizer;
  return {
    path: params.modelPath,
    name: String(general?.name ?? basename(params.modelPath, ".gguf")),
    architecture: String(general?.architecture ?? "unknown"),
    fileSizeBytes: (await stat(params.modelPath)).size,
    contextLength: model.trainContextSize,
    contextSize: context.contextSize,
    fim: model.tokens.infill.prefix != null && model.tokens.infill.suffix != null,
    chatTemplate: typeof tokenizer?.chat_template === "string" && tokenizer.chat_template.length > 0,
    quantization: fileTypeName(runtime, general?.file_type),
    backend: runtime.backend,
    gpuDevices: runtime.backend === "cpu" ? [] : await runtime.llama.getGpuDeviceNames(),
    threads: params.threads,
    vocabularySize: tokenizer?.ggml?.tokens?.length ?? 0,
    loadMs: Math.round(loadMs),
    estimatedMemoryBytes,
    ...(params.loraAdapters?.length ? { loraAdapters: params.loraAdapters } : {}),
    family: modelFamily(model).spec.label,
    ...(modelFamily(model).completionWarning ? { completionWarning: modelFamily(model).completionWarning } : {}),
  };
}

function fileTypeName(runtime: Runtime, fileType: unknown): string {
  if (typeof fileType !== "number") return "unknown";
  const name = (runtime.nlc.GgufFileType as unknown as Record<number, string>)[fileType];
  return name ? name.replace(/^(MOSTLY|ALL)_/, "") : `type ${fileType}`;
}
