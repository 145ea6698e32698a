// Wires inline completion into VS Code: the provider, pause/resume, manual trigger, per-language
// switches, and one clear message (not one per keystroke) when completion cannot work.
import * as vscode from "vscode";
import { DEFAULT_PIPELINE, type InfillEngine, type PipelineOptions } from "../../completion/completionPipeline";
import { createCompletionSession } from "../../completion/completionSession";
import type { EngineClient } from "../../host/engineClient";
import { EngineError, EngineErrorCode } from "../../protocol/errors";
import { firstTimeShown, showEngineError } from "../errors";
import type { StatusBar } from "../statusBar";
import { documentLines, editorIndentation } from "./documentAdapter";
import { LocalInlineCompletionProvider } from "./inlineCompletionProvider";
import { trackEditorActivity } from "./relatedFilesTracker";
import type { UsageStatistics } from "../statistics/usageStatistics";
import type { InfillParams, Timings } from "../../protocol/types";
import type { RequestOptions } from "../../protocol/requestOptions";
import { readCompletionSettings, writeUserSetting } from "../settings";

function pick(t: Timings) {
  return { promptTokens: t.promptTokens, promptTokensEvaluated: t.promptTokensEvaluated, generatedTokens: t.generatedTokens };
}

const PAUSED_KEY = "localSlm.completion.paused";
const FIM_MODELS = "Qwen2.5-Coder (0.5B, 1.5B, 3B), DeepSeek-Coder, StarCoder2 or CodeLlama base models";

export function registerCompletion(
  context: vscode.ExtensionContext,
  engine: EngineClient,
  statusBar: StatusBar,
  log: vscode.LogOutputChannel,
  statistics: UsageStatistics,
  /** Who completes: the local engine, or the server backend (src/extension/backends/) with it behind. */
  completionEngine: InfillEngine = engine,
  /** True while the machine's conditions pause completion (on battery, if the user chose so). */
  suspended: () => boolean = () => false,
  /** True while the machine's conditions rule out starting before a pause (on battery, a CPU budget). */
  frugal: () => boolean = () => false,
): vscode.InlineCompletionItemProvider {
  // At log level Trace the worker logs each prompt's exact tokens ("what is sent to my model?").
  const tracingEngine = { infill: (params: InfillParams, options?: RequestOptions) => completionEngine.infill(log.logLevel === vscode.LogLevel.Trace ? { ...params, tracePrompt: true } : params, options) };
  const session = createCompletionSession(tracingEngine, {
    pipeline: readPipelineOptions,
    relatedFiles: () => readCompletionSettings().relatedFiles,
    startBeforePause: () => readCompletionSettings().startBeforePause === "whenIdle" && !frugal(),
    prefetch: () => readCompletionSettings().prefetch === "whenIdle" && !frugal(),
  });
  let paused = context.globalState.get<boolean>(PAUSED_KEY, false);
  statusBar.setPaused(paused);

  const provider = new LocalInlineCompletionProvider({
    session,
    isEnabledFor: (languageId) => !paused && !suspended() && isLanguageEnabled(languageId),
    onSuggestion: (outcome, latencyMs) => {
      warnAboutInstructModel();
      statusBar.recordLatency(latencyMs, outcome.timings);
      if (outcome.id !== undefined) statistics.recordShown(outcome.id);
      if (outcome.timings) statistics.record({ time: Date.now(), kind: "completion", latencyMs: Math.round(latencyMs), ...pick(outcome.timings) });
      statusBar.show(engine.state);
      log.debug(`suggestion from ${outcome.source} in ${Math.round(latencyMs)} ms${outcome.timings ? `: ${JSON.stringify(outcome.timings)}` : ""}`);
    },
    onRest: (document) => {
      // Ask VS Code again only where the cache can answer: never a model call the user did not cause.
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document !== document || !editor.selection.isEmpty) return;
      const position = editor.selection.active;
      const cached = session.peek({
        doc: documentLines(document),
        position: { line: position.line, character: position.character },
        documentKey: document.uri.toString(),
        indentation: editorIndentation(editor, document),
      });
      if (cached) void vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
    },
    onError: (error) => {
      // No model yet: the status bar says so and opens Select Model; a toast on the first
      // keystroke of a new user would only get in the way.
      if (error instanceof EngineError && error.code === EngineErrorCode.NoModelConfigured) return;
      // Once per distinct problem (until the settings change): the provider runs on every keystroke.
      if (error instanceof EngineError && error.code === EngineErrorCode.InfillUnsupported) {
        if (!firstTimeShown(error.message)) return;
        const message = error.message;
        const name = engine.loadedModel?.name ?? "This model";
        log.warn(message);
        void vscode.window
          .showWarningMessage(
            `Local SLM: ${name} has no fill-in-the-middle tokens, so it cannot complete code in place. Use a coder base model: ${FIM_MODELS}.`,
            "Choose Model",
            "Pause Completion",
          )
          .then((choice) => {
            if (choice === "Choose Model") void vscode.commands.executeCommand("localSlm.selectModel");
            if (choice === "Pause Completion") void vscode.commands.executeCommand("localSlm.toggleCompletion");
          });
        return;
      }
      showEngineError(error, log, { onlyOnce: true });
    },
  });

  // An instruction-tuned model with FIM tokens completes, poorly: say so once, naming a base model.
  const warnAboutInstructModel = () => {
    const warning = engine.loadedModel?.completionWarning;
    if (!warning || !firstTimeShown(warning)) return;
    log.warn(warning);
    void vscode.window.showWarningMessage(`Local SLM: ${warning}`, "Choose Model").then((choice) => {
      if (choice === "Choose Model") void vscode.commands.executeCommand("localSlm.selectModel");
    });
  };

  const setPaused = async (value: boolean) => {
    paused = value;
    if (paused) session.cancel();
    statusBar.setPaused(paused);
    statusBar.show(engine.state);
    await context.globalState.update(PAUSED_KEY, paused);
  };

  context.subscriptions.push(
    vscode.languages.registerInlineCompletionItemProvider({ pattern: "**" }, provider),
    vscode.commands.registerCommand("localSlm.toggleCompletion", () => setPaused(!paused)),
    vscode.commands.registerCommand("localSlm.pauseCompletion", () => setPaused(true)),
    vscode.commands.registerCommand("localSlm.resumeCompletion", () => setPaused(false)),
    vscode.commands.registerCommand("localSlm.completionAccepted", (id?: number) => statistics.recordAccepted(id)),
    vscode.commands.registerCommand("localSlm.toggleLanguage", (languageId?: string) => toggleLanguage(languageId ?? vscode.window.activeTextEditor?.document.languageId)),
    vscode.commands.registerCommand("localSlm.triggerCompletion", () => vscode.commands.executeCommand("editor.action.inlineSuggest.trigger")),
    trackEditorActivity(session),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("localSlm")) session.reset();
    }),
    { dispose: () => session.cancel() },
  );
  return provider;
}

/** Switches completion off (or back on) for one language, in the user's settings. */
async function toggleLanguage(languageId: string | undefined): Promise<void> {
  if (!languageId) {
    void vscode.window.showInformationMessage("Local SLM: open a file first; completion is switched per language.");
    return;
  }
  const disabled = readCompletionSettings().disabledLanguages;
  const next = disabled.includes(languageId) ? disabled.filter((id) => id !== languageId) : [...disabled, languageId];
  await writeUserSetting("completion.disabledLanguages", next);
  void vscode.window.setStatusBarMessage(`Local SLM: completion ${next.includes(languageId) ? "off" : "on"} for ${languageId}`, 4000);
}

function isLanguageEnabled(languageId: string): boolean {
  const settings = readCompletionSettings();
  return settings.enabled && !settings.disabledLanguages.includes(languageId);
}

function readPipelineOptions(): PipelineOptions {
  return { ...DEFAULT_PIPELINE, maxLines: readCompletionSettings().maxLines };
}
