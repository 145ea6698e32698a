// Entry point of the inference worker process. Everything that touches node-llama-cpp runs here,
// so a native crash or a malformed model file can never take the editor down with it.
import {
  CancellationToken,
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  ResponseError,
} from "vscode-jsonrpc/node";
import { ENGINE_ERROR_RPC_CODE, EngineError, EngineErrorCode, type EngineErrorData } from "../protocol/errors";
import {
  ChatRequest,
  ClassifyRequest,
  CountTokensRequest,
  DescribeModelRequest,
  InspectModelsRequest,
  GenerateRequest,
  InfillRequest,
  NextEditRequest,
  DescribePromptRequest,
  LoadModelRequest,
  GenerationProgressType,
  StatusRequest,
  UnloadModelRequest,
  WorkerLogNotification,
  type WorkerLogMessage,
} from "../protocol/messages";
import type { GenerationProgress, LoadModelParams, SamplingParams, SequenceName } from "../protocol/types";
import { runGeneration } from "./generation";
import { getRuntime, type LogSink, RecentLog } from "./llamaRuntime";
import { OtherLoadMeter, threadsForLoad } from "./adaptiveThreads";
import { LoadedModel } from "./loadedModel";
import { chatPromptTokens } from "./chatPrompt";
import { inspectModel } from "./inspectModel";
import { normalizeScores, scoreLabels } from "./labelScoring";
import { labelLogProbs, labelSpellings } from "./labelSpellings";
import { textPromptTokens } from "./promptTokens";
import { infillPrompt } from "./family/fimPrompt";
import { modelFamily } from "./family/modelFamily";
import { describePromptTokens, formatPromptTrace } from "./family/promptDescription";
import { importNodeLlamaCpp, type Token } from "./nodeLlamaCpp";
import { abortSignalFor } from "../shared/abortSignal";
import { nextEditPrompt } from "./nextEditPrompt";

const connection = createMessageConnection(new IPCMessageReader(process), new IPCMessageWriter(process));
const log: LogSink = (level, message) => {
  const payload: WorkerLogMessage = { level, message };
  void connection.sendNotification(WorkerLogNotification, payload).catch(() => undefined);
};
const recentLog = new RecentLog();

let loaded: LoadedModel | undefined;
/** Serializes load and unload; generation requests wait for a load in progress. */
let modelChange: Promise<unknown> = Promise.resolve();

connection.onRequest(LoadModelRequest, (params) =>
  guard(async () => {
    const change = modelChange.then(() => loadModel(params));
    modelChange = change.catch(() => undefined);
    return (await change).info;
  }),
);

connection.onRequest(UnloadModelRequest, () =>
  guard(async () => {
    const change = modelChange.then(unloadModel);
    modelChange = change.catch(() => undefined);
    await change;
  }),
);

connection.onRequest(DescribeModelRequest, () => guard(async () => (await currentModel(false))?.info ?? null));

connection.onRequest(StatusRequest, () =>
  guard(async () => {
    // Started with --expose-gc (the soak does): measure what is kept, not garbage waiting.
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    return {
      pid: process.pid,
      model: loaded?.info ?? null,
      rssBytes: memory.rss,
      heapBytes: memory.heapUsed + memory.external,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      busy: loaded?.busySequences() ?? [],
    };
  }),
);

connection.onRequest(GenerateRequest, (params, token) =>
  guard(async () => {
    const model = (await currentModel(true))!;
    const prompt = textPromptTokens(model.model, params.prompt, params.addBos ?? true);
    return generate(model, params.sequence ?? "text", prompt, params, token);
  }),
);

connection.onRequest(InfillRequest, (params, token) =>
  guard(async () => {
    const model = (await currentModel(true))!;
    const budget = model.info.contextSize - Math.max(1, params.maxTokens);
    const prompt = infillPrompt(model.model, { ...params, budget });
    if (params.tracePrompt) log("trace", formatPromptTrace(describePromptTokens(model.model, prompt.tokens)));
    warnOnce(model);
    return generate(model, "completion", prompt.tokens, params, token, prompt.textContext);
  }),
);

connection.onRequest(NextEditRequest, (params, token) =>
  guard(async () => {
    const model = (await currentModel(true))!;
    const prompt = nextEditPrompt(model.model, params.sections);
    return generate(model, "nextEdit", prompt.tokens, params, token, undefined, prompt.stopTokens);
  }),
);

connection.onRequest(DescribePromptRequest, (params) =>
  guard(async () => {
    const model = (await currentModel(true))!;
    const budget = model.info.contextSize - Math.max(1, params.maxTokens);
    return describePromptTokens(model.model, infillPrompt(model.model, { ...params, budget }).tokens);
  }),
);

connection.onRequest(ChatRequest, (params, token) =>
  guard(async () => {
    const model = (await currentModel(true))!;
    const prompt = chatPromptTokens(model.runtime.nlc, model.model, params.messages);
    return generate(model, "text", prompt.tokens, { ...params, stop: [...(params.stop ?? []), ...prompt.stop] }, token);
  }),
);

connection.onRequest(ClassifyRequest, (params, token) =>
  guard(async () => {
    const model = (await currentModel(true))!;
    const promptTokens = params.messages
      ? chatPromptTokens(model.runtime.nlc, model.model, params.messages).tokens
      : textPromptTokens(model.model, params.prompt ?? "", true);
    if (promptTokens.length >= model.info.contextSize) {
      throw new EngineError(EngineErrorCode.PromptTooLong, `The text is ${promptTokens.length} tokens long but the context holds ${model.info.contextSize}: classify a shorter text.`);
    }
    if (params.labels.some((label) => label.trim() === "")) throw new EngineError(EngineErrorCode.Internal, "A label is empty.");
    // Every spelling counts (the model may answer "Positive" or " positive"): see labelSpellings.ts.
    const spellings = labelSpellings(model.model, [params.labels, ...(params.labelVariants ?? [])]);
    const cancel = abortSignalFor(token);
    try {
      const scored = await model.lock("text").run(
        () => scoreLabels({ sequence: model.sequence("text"), promptTokens, labels: spellings.sequences, signal: cancel.signal, chunkSizer: model.chunkSizer("text"), beforeChunk: model.yieldFor("text") }),
        (done) => done.backgroundWork,
      );
      if (!scored.logProbs) throw new EngineError(EngineErrorCode.Cancelled, "Classification cancelled.");
      return { scores: normalizeScores(labelLogProbs(scored.logProbs, spellings.owners, params.labels.length)), timings: scored.timings };
    } finally {
      cancel.dispose();
    }
  }),
);

connection.onRequest(InspectModelsRequest, (params, token) =>
  guard(async () => {
    const nlc = await importNodeLlamaCpp(); // reading metadata needs no llama.cpp runtime
    const summaries = [];
    for (const path of params.paths) {
      if (token.isCancellationRequested) throw new EngineError(EngineErrorCode.Cancelled, "Model inspection cancelled.");
      summaries.push(await inspectModel(nlc, path));
    }
    return summaries;
  }),
);

connection.onRequest(CountTokensRequest, (params) =>
  guard(async () => {
    const model = (await currentModel(true))!;
    return { tokens: params.texts.map((text) => model.model.tokenize(text, false, "trimLeadingSpace").length) };
  }),
);

/** An instruct model used for completion: one warning per loaded model, in the log. */
const warned = new WeakSet<LoadedModel>();
function warnOnce(model: LoadedModel): void {
  const warning = modelFamily(model.model).completionWarning;
  if (!warning || warned.has(model)) return;
  warned.add(model);
  log("warn", warning);
}

async function generate(model: LoadedModel, sequence: SequenceName, prompt: Token[], params: SamplingParams, token: CancellationToken, textContext?: Token[], stopTokens?: ReadonlySet<Token>) {
  const cancel = abortSignalFor(token);
  try {
    const outcome = await model.lock(sequence).run(
      () =>
        runGeneration({
          model: model.model,
          sequence: model.sequence(sequence),
          promptTokens: prompt,
          stopTokens: stopTokens ?? modelFamily(model.model).stopTokens,
          textContext,
          sampling: params,
          signal: cancel.signal,
          chunkSizer: model.chunkSizer(sequence),
          beforeChunk: model.yieldFor(sequence),
          ...progressCallbacks(params.progressToken),
        }),
      (done) => done.backgroundWork,
    );
    const otherBusyCores = Math.round(reportedLoad.otherBusyCores() * 100) / 100;
    return { ...outcome.result, timings: { ...outcome.result.timings, otherBusyCores } };
  } finally {
    cancel.dispose();
  }
}

function progressCallbacks(token: string | undefined) {
  if (!token) return {};
  let lastLoadPercent = -1;
  const send = (value: GenerationProgress) => void connection.sendProgress(GenerationProgressType, token, value).catch(() => undefined);
  return {
    onDelta: (delta: string, generatedTokens: number) => send({ kind: "text", delta, generatedTokens }),
    onPromptProgress: (evaluated: number, total: number) => send({ kind: "prompt", evaluated, total }),
    // llama.cpp reports per tensor: one message per whole percent is plenty.
    onLoadProgress: (fraction: number) => {
      const percent = Math.floor(fraction * 100);
      if (percent === lastLoadPercent) return;
      lastLoadPercent = percent;
      send({ kind: "load", fraction });
    },
  };
}

async function loadModel(params: LoadModelParams): Promise<LoadedModel> {
  if (loaded && sameLoad(loaded.params, params)) return loaded;
  await unloadModel();
  const runtime = await getRuntime(params.gpu, params.threads, log, recentLog);
  const { onLoadProgress } = progressCallbacks(params.progressToken);
  loaded = await LoadedModel.load(params, runtime, recentLog, onLoadProgress);
  log("info", `loaded ${params.modelPath} in ${loaded.info.loadMs} ms (${runtime.backend}, ${params.threads} threads, context ${loaded.info.contextSize})`);
  return loaded;
}

async function unloadModel(): Promise<void> {
  const model = loaded;
  loaded = undefined;
  if (model) {
    await model.dispose();
    log("info", `unloaded ${model.params.modelPath}`);
  }
}

async function currentModel(required: boolean): Promise<LoadedModel | undefined> {
  await modelChange;
  if (!loaded && required) throw new EngineError(EngineErrorCode.NoModelLoaded, "No model is loaded in the worker.");
  if (loaded && required) adaptThreads(loaded);
  return loaded;
}

const otherLoad = new OtherLoadMeter();
/**
 * The figure each answer reports (Timings.otherBusyCores), on a meter of its own: read at the end
 * of a request, the threads' meter would only see the gaps between requests, where short bursts of
 * other work (the editor, a benchmark's own process) weigh most.
 */
const reportedLoad = new OtherLoadMeter();
/** `bench threads` measures fixed thread counts: it turns the adaptation off. */
const fixedThreads = process.env.LOCAL_SLM_FIXED_THREADS === "1";

/** Before a request: as many threads as set, less the cores other processes keep busy. */
function adaptThreads(model: LoadedModel): void {
  if (fixedThreads || model.runtime.backend !== "cpu") return;
  const threads = threadsForLoad(model.params.threads, otherLoad.otherBusyCores());
  if (model.runtime.llama.maxThreads === threads) return;
  log("debug", `threads: ${threads} of ${model.params.threads} (other processes keep ${otherLoad.otherBusyCores().toFixed(1)} cores busy)`);
  model.runtime.llama.maxThreads = threads;
}

function sameLoad(a: LoadModelParams, b: LoadModelParams): boolean {
  return (
    a.modelPath === b.modelPath && a.contextSize === b.contextSize && a.threads === b.threads && a.gpu === b.gpu &&
    JSON.stringify(a.loraAdapters ?? []) === JSON.stringify(b.loraAdapters ?? []) && !!a.nextEditSequence === !!b.nextEditSequence &&
    !!a.promptLookup === !!b.promptLookup
  );
}

/** Turns every failure into a JSON-RPC error carrying a code and a one-line message. */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof EngineError) {
      const data: EngineErrorData = { code: error.code, ...(error.path ? { path: error.path } : {}) };
      throw new ResponseError(ENGINE_ERROR_RPC_CODE, error.message, data);
    }
    const message = error instanceof Error ? error.message : String(error);
    log("error", error instanceof Error && error.stack ? error.stack : message);
    throw new ResponseError(ENGINE_ERROR_RPC_CODE, `Internal error in the inference worker: ${message.split("\n")[0]}`, { code: EngineErrorCode.Internal });
  }
}

// The host owns this process: when the IPC channel closes (host exited or killed), leave too.
process.on("disconnect", () => process.exit(0));
process.on("uncaughtException", (error) => {
  process.stderr.write(`local-slm worker: uncaught exception: ${error.stack ?? error}\n`);
  process.exit(70);
});
process.on("unhandledRejection", (reason) => {
  process.stderr.write(`local-slm worker: unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}\n`);
});

connection.listen();
