// Commands that exist so far: model lifecycle, the log and the status bar menu.
import * as vscode from "vscode";
import type { EngineClient } from "../host/engineClient";
import { formatBytes } from "../shared/formatBytes";
import { showEngineError } from "./errors";
import { openSettings } from "./openSettings";
import { readCompletionSettings } from "./settings";

interface CommandDeps {
  engine: EngineClient;
  log: vscode.LogOutputChannel;
}

export function registerCommands({ engine, log }: CommandDeps): vscode.Disposable[] {
  const loadModel = async () => {
    try {
      const info = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: "Local SLM: loading model" },
        () => engine.ensureModel({ retry: true }),
      );
      void vscode.window.showInformationMessage(
        `Local SLM: ${info.name} is ready (${formatBytes(info.fileSizeBytes)}, ${info.backend.toUpperCase()}, loaded in ${info.loadMs} ms).`,
      );
      return info;
    } catch (error) {
      showEngineError(error, log);
      return undefined;
    }
  };

  const showModelInfo = async () => {
    try {
      const info = await engine.ensureModel({ retry: true });
      log.info(`model: ${JSON.stringify(info, null, 2)}`);
      const doc = await vscode.workspace.openTextDocument({ language: "json", content: `${JSON.stringify(info, null, 2)}\n` });
      await vscode.window.showTextDocument(doc, { preview: true });
      return info;
    } catch (error) {
      showEngineError(error, log);
      return undefined;
    }
  };

  const unloadModel = async () => {
    try {
      await engine.unload();
      void vscode.window.showInformationMessage("Local SLM: model unloaded; its memory is free. It loads again on next use.");
    } catch (error) {
      showEngineError(error, log);
    }
  };

  const showMenu = async () => {
    const language = vscode.window.activeTextEditor?.document.languageId;
    const languageOff = language !== undefined && readCompletionSettings().disabledLanguages.includes(language);
    const items: (vscode.QuickPickItem & { command: string })[] = [
      { label: "$(debug-pause) Pause / Resume Completion", command: "localSlm.toggleCompletion" },
      ...(language ? [{ label: `$(symbol-enum) ${languageOff ? "Enable" : "Disable"} Completion for ${language}`, command: "localSlm.toggleLanguage" }] : []),
      { label: "$(file-binary) Select Model…", description: "models on this machine", command: "localSlm.selectModel" },
      { label: "$(cloud-download) Download Model…", description: "recommended small models", command: "localSlm.downloadModel" },
      { label: "$(graph) Show Statistics", command: "localSlm.showStatistics" },
      { label: "$(play) Load Model Now", command: "localSlm.loadModel" },
      { label: "$(info) Show Model Info", command: "localSlm.showModelInfo" },
      { label: "$(debug-stop) Unload Model", description: "free its memory", command: "localSlm.unloadModel" },
      { label: "$(output) Show Log", command: "localSlm.showLog" },
      { label: "$(gear) Settings", command: "localSlm.openSettings" },
    ];
    const choice = await vscode.window.showQuickPick(items, { title: "Local SLM" });
    if (choice) await vscode.commands.executeCommand(choice.command);
  };

  return [
    vscode.commands.registerCommand("localSlm.loadModel", loadModel),
    vscode.commands.registerCommand("localSlm.showModelInfo", showModelInfo),
    vscode.commands.registerCommand("localSlm.unloadModel", unloadModel),
    vscode.commands.registerCommand("localSlm.showLog", () => log.show(true)),
    vscode.commands.registerCommand("localSlm.openSettings", () => openSettings("localSlm")),
    vscode.commands.registerCommand("localSlm.showMenu", showMenu),
  ];
}
