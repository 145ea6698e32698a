// Activation wires the pieces together and starts nothing heavy: the worker process starts the
// first time a model is needed, so VS Code starts as fast with the extension as without it.
import * as vscode from "vscode";
import { EngineClient } from "../host/engineClient";
import { registerCommands } from "./commands";
import { registerCompletion } from "./completion/completionFeature";
import { FeatureBackends } from "./backends/featureBackends";
import { registerApiKeyCommand } from "./backends/apiKey";
import { backendNote } from "./backends/backendNote";
import { firstTimeShown, forgetShownErrors } from "./errors";
import { createLog, writeWorkerLog } from "./log";
import { ENGINE_SETTINGS, readCpuBudgetShare, readEngineConfig, readNextEditSettings, readTextModelPath } from "./settings";
import { downloadModel } from "./models/downloadModelCommand";
import { selectModel } from "./models/selectModel";
import { createStatistics } from "./statistics/statisticsFeature";
import { OtherModelEngine } from "./otherModelEngine";
import { registerSentiment } from "./textTools/sentimentCommands";
import { registerSummarize } from "./textTools/summarizeCommands";
import { StatusBar } from "./statusBar";
import { trackWalkthroughProgress } from "./walkthroughProgress";
import { forkWorker } from "../host/engineWorker";
import { availableParallelism, hostname } from "node:os";
import { CpuBudget } from "../host/cpuBudget";
import { CpuGate } from "../host/cpuGate";
import { describeRunLocation } from "../host/runLocation";
import { GoodNeighbour } from "./goodNeighbour";
import { registerNextEdit } from "./nextEdit/nextEditFeature";
import { nextEditOnCompletionModel } from "./nextEdit/nextEditEngines";
import { registerLanguageModel } from "./languageModel/localChatProvider";
import { registerTextCommands } from "./textCommands/textCommandsFeature";

let engine: EngineClient | undefined;

/** What activate() returns: used by the extension's own tests inside the editor. */
export interface LocalSlmApi {
  engine: EngineClient;
  /** The engine the text tools use right now (the completion engine unless another model is set). */
  textEngine(): EngineClient;
  /** The registered inline completion provider. */
  completionProvider: vscode.InlineCompletionItemProvider;
}

export async function activate(context: vscode.ExtensionContext): Promise<LocalSlmApi> {
  const log = createLog();
  const reported = new Set<string>();
  const readConfig = () =>
    readEngineConfig((problem) => {
      if (reported.has(problem)) return;
      reported.add(problem);
      log.warn(problem);
      void vscode.window.showWarningMessage(`Local SLM: ${problem}`);
    });

  // The settings as the machine's conditions (battery, memory) adjust them: what the engines load with.
  let neighbour: GoodNeighbour | undefined;
  const engineConfig = () => neighbour?.config() ?? readConfig();
  // localSlm.cpuBudgetPercent: requests wait while the last minute's CPU use is over it.
  let recordCpu: (cpuMs: number) => void = () => undefined;
  const cpuGate = new CpuGate(new CpuBudget(() => readCpuBudgetShare(), availableParallelism()), async () => (await engine?.status()) ?? null, (ms) => recordCpu(ms), (m) => log.info(m));
  engine = new EngineClient({
    createWorker: forkWorker({ workerPath: context.asAbsolutePath("dist/worker.js") }),
    // Next edit on the completion model: its own sequence, so neither evicts the other's KV cache.
    getConfig: () => {
      const config = engineConfig();
      return nextEditOnCompletionModel(config) ? { ...config, nextEditSequence: true } : config;
    },
    requestGate: cpuGate,
    log: (message) => writeWorkerLog(log, message),
  });
  const statistics = await createStatistics(context, log);
  recordCpu = (ms) => statistics.recordCpu(Date.now(), ms);
  const where = describeRunLocation({
    remoteName: vscode.env.remoteName,
    kind: context.extension.extensionKind === vscode.ExtensionKind.Workspace ? "workspace" : "ui",
    hostName: hostname(),
  });
  log.info(`${where.summary}${where.hint ? ` ${where.hint}` : ""}`);
  const statusBar = new StatusBar(() => readConfig().modelPath, () => statistics.summary([]), where.summary);
  neighbour = new GoodNeighbour(readConfig, () => engine, statusBar, log);
  const textEngines = new OtherModelEngine(engine, {
    workerPath: context.asAbsolutePath("dist/worker.js"),
    readConfig: engineConfig,
    modelPath: readTextModelPath,
    log: (message) => writeWorkerLog(log, message),
  });

  const languageModel = registerLanguageModel({
    engine: () => textEngines.current(),
    configured: () => ({ modelPath: readTextModelPath() ?? readConfig().modelPath, contextSize: readConfig().contextSize }),
    log,
  });

  const backends = new FeatureBackends(context.secrets, {
    report: (report) => {
      statusBar.setBackend(report.feature, backendNote(report));
      statusBar.show(engine?.state ?? { kind: "idle" });
      if (report.answered.by === "local") log.debug(`${report.feature}: answered locally: ${report.answered.why}`);
    },
    warn: (problem) => {
      log.warn(problem);
      if (firstTimeShown(problem)) void vscode.window.showWarningMessage(`Local SLM: ${problem}`);
    },
    // The backend settings changed: what the status bar said about the last answers no longer holds.
    reset: () => {
      statusBar.setBackend("completion", undefined);
      statusBar.setBackend("textTools", undefined);
      statusBar.show(engine?.state ?? { kind: "idle" }); // at once, not at the next answer
    },
  });

  context.subscriptions.push(
    log,
    statusBar,
    neighbour,
    backends,
    registerApiKeyCommand(context.secrets),
    textEngines,
    engine.onDidChangeState((state) => statusBar.show(state)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!ENGINE_SETTINGS.some((setting) => event.affectsConfiguration(setting))) return;
      reported.clear();
      forgetShownErrors();
      void textEngines.reset();
      languageModel.provider.refresh();
      // Free the old model now; the new settings apply on the next request, without a reload.
      if (engine?.loadedModel) void engine.unload().catch((error) => log.warn(`unload after settings change: ${error}`));
      else neighbour?.apply();
    }),
    ...trackWalkthroughProgress(context.extension.id, engine, statistics),
    ...registerCommands({ engine, log, titles: commandTitles(context), paused: () => statusBar.isPaused }),
    vscode.commands.registerCommand("localSlm.selectModel", () => selectModel(engine!, log)),
    vscode.commands.registerCommand("localSlm.downloadModel", () => downloadModel(log, context.asAbsolutePath("dist/cli.js"))),
    ...languageModel.disposables,
    ...registerTextCommands(() => textEngines.current(), log),
    ...registerSummarize(() => backends.text(textEngines.current()), log, statistics),
    ...registerSentiment(() => backends.text(textEngines.current()), log, context.extensionUri, statistics),
  );
  const completionProvider = registerCompletion(
    context,
    engine,
    statusBar,
    log,
    statistics,
    backends.completion(engine),
    () => neighbour?.completionSuspended ?? false,
    () => (neighbour?.onBattery ?? false) || readCpuBudgetShare() > 0,
  );
  const nextEditEngines = new OtherModelEngine(engine, {
    workerPath: context.asAbsolutePath("dist/worker.js"),
    readConfig: engineConfig,
    modelPath: () => readNextEditSettings().modelPath,
    extraConfig: { nextEditSequence: true },
    log: (message) => writeWorkerLog(log, message),
  });
  context.subscriptions.push(nextEditEngines, ...registerNextEdit(nextEditEngines, log));
  log.info(`activated; model: ${readConfig().modelPath ?? "(none set)"}`);
  return { engine, textEngine: () => textEngines.current(), completionProvider };
}

export async function deactivate(): Promise<void> {
  await engine?.dispose();
  engine = undefined;
}

function commandTitles(context: vscode.ExtensionContext): Map<string, string> {
  const commands = (context.extension.packageJSON as { contributes?: { commands?: { command: string; title: string }[] } }).contributes?.commands ?? [];
  return new Map(commands.map((c) => [c.command, c.title]));
}
