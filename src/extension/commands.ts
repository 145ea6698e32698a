// Commands that exist so far: model lifecycle, the log and the status bar menu.
import * as vscode from "vscode";
import type { EngineClient } from "../host/engineClient";
import { basename } from "node:path";
import { formatBytes } from "../shared/formatBytes";
import { modelInfoMarkdown } from "./modelInfoPage";
import { ReadOnlyDocuments } from "./textTools/readOnlyDocuments";
import { showEngineError } from "./errors";
import { openSettings } from "./openSettings";
import { readCompletionSettings } from "./settings";

interface CommandDeps {
  engine: EngineClient;
  log: vscode.LogOutputChannel;
  /** Command id -> its title in package.json (what the command palette shows). */
  titles: ReadonlyMap<string, string>;
  /** Whether completion is paused now. */
  paused(): boolean;
}

export function registerCommands({ engine, log, titles, paused }: CommandDeps): vscode.Disposable[] {
  const infoPages = new ReadOnlyDocuments("local-slm-info");
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
      log.info(`model: ${JSON.stringify(info)}`);
      const uri = infoPages.create(`Model Info: ${basename(info.path)}.md`, modelInfoMarkdown(info));
      // The Markdown preview: a readable page. The document itself is read-only, never asks to be saved.
      await vscode.commands.executeCommand("markdown.showPreview", uri).then(undefined, async () => {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
      });
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
    // The same words as the command palette: each label is the command's title in package.json.
    const item = (icon: string, command: string, description?: string) => ({ label: `$(${icon}) ${titles.get(command) ?? command}`, description, command });
    const items: (vscode.QuickPickItem & { command: string })[] = [
      item("debug-pause", "localSlm.toggleCompletion", paused() ? "paused now" : "on now"),
      ...(language ? [item("symbol-enum", "localSlm.toggleLanguage", `${language}: ${languageOff ? "off" : "on"} now`)] : []),
      item("file-binary", "localSlm.selectModel", "models on this machine"),
      item("cloud-download", "localSlm.downloadModel", "recommended small models"),
      item("graph", "localSlm.showStatistics"),
      item("play", "localSlm.loadModel"),
      item("info", "localSlm.showModelInfo"),
      item("debug-stop", "localSlm.unloadModel", "free its memory"),
      item("output", "localSlm.showLog"),
      item("gear", "localSlm.openSettings"),
    ];
    const choice = await vscode.window.showQuickPick(items, { title: "Local SLM" });
    if (choice) await vscode.commands.executeCommand(choice.command);
  };

  return [
    infoPages,
    vscode.commands.registerCommand("localSlm.loadModel", loadModel),
    vscode.commands.registerCommand("localSlm.showModelInfo", showModelInfo),
    vscode.commands.registerCommand("localSlm.unloadModel", unloadModel),
    vscode.commands.registerCommand("localSlm.showLog", () => log.show(true)),
    vscode.commands.registerCommand("localSlm.openSettings", () => openSettings("localSlm")),
    vscode.commands.registerCommand("localSlm.showMenu", showMenu),
  ];
}
