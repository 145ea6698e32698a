// Select Model: the GGUF models already on this machine (configured folders and the folders of
// other local-AI tools), described from their metadata by the worker: size, quantization, whether
// they can complete code (fill-in-the-middle) and chat (template). Or Browse… for any file.
import * as vscode from "vscode";
import type { EngineClient } from "../../host/engineClient";
import { currentModelFirst } from "../../models/currentModelFirst";
import { discoverModels } from "../../models/discoverModels";
import { configuredLocations, knownModelLocations, type ModelLocation } from "../../models/knownLocations";
import type { ModelSummary } from "../../protocol/types";
import { formatBytes } from "../../shared/formatBytes";
import { readEngineConfig, readModelFolders, writeUserSetting } from "../settings";

/** Inspecting is ~10-50 ms a file in the worker: enough for any real collection. */
const MAX_INSPECTED = 300;

type Item = vscode.QuickPickItem & { path?: string; action?: "browse" | "download" };

export async function selectModel(engine: EngineClient, log: vscode.LogOutputChannel): Promise<string | undefined> {
  const current = readEngineConfig().modelPath ?? "";
  const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Local SLM: looking for models on this machine…" }, async () => {
    const discovery = await discoverModels(locations());
    for (const problem of discovery.problems) log.warn(`model folder ${problem.path} cannot be read (${problem.reason})`);
    if (discovery.truncated) log.warn("model search stopped early (too many files or too slow); add your models folder to localSlm.modelFolders");
    // The model in use first, marked, even when it is in no folder searched.
    const listed = await currentModelFirst(discovery.models, current || undefined);
    const candidates = listed.models.slice(0, MAX_INSPECTED);
    const summaries = candidates.length ? await engine.inspectModels(candidates.map((m) => m.realPath)) : [];
    return { discovery, candidates, summaries, current: listed.current };
  });

  const items: Item[] = [];
  const models = found.summaries.map((s, i) => ({ summary: s, found: found.candidates[i]! })).filter(({ summary, found: file }) => !summary.ok || summary.kind === "model" || file === found.current);
  for (const { summary, found: file } of models) items.push(itemFor(summary, file.path, file.source, file === found.current));
  if (items.length === 0) items.push({ label: "No GGUF models found in the usual places", kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: "", kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: "$(folder-opened) Browse…", detail: "Choose a .gguf file anywhere", action: "browse", alwaysShow: true });
  items.push({ label: "$(cloud-download) Download a recommended model…", detail: "Small models for completion and text, downloaded once", action: "download", alwaysShow: true });
  if (found.discovery.problems.length) {
    items.push({ label: `$(warning) ${found.discovery.problems.length} folder(s) could not be read: see the log`, kind: vscode.QuickPickItemKind.Separator });
  }

  const choice = await vscode.window.showQuickPick(items, {
    title: "Local SLM: Select Model",
    placeHolder: `${models.length} model${models.length === 1 ? "" : "s"}${found.current ? " (the first is in use)" : ""}; type to filter by name, size or quantization`,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!choice) return undefined;
  if (choice.action === "download") {
    await vscode.commands.executeCommand("localSlm.downloadModel");
    return undefined;
  }
  let path = choice.path;
  if (choice.action === "browse") {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { "GGUF models": ["gguf"] }, title: "Local SLM: choose a GGUF model" });
    path = picked?.[0]?.fsPath;
  }
  if (!path) return undefined;
  await useModel(path);
  return path;
}

/** Makes a file the model (machine-wide setting) and loads it now, with progress. */
export async function useModel(path: string): Promise<void> {
  await writeUserSetting("modelPath", path);
  await vscode.commands.executeCommand("localSlm.loadModel");
}

function itemFor(summary: ModelSummary, path: string, source: string, isCurrent: boolean): Item {
  if (!summary.ok) return { label: `$(warning) ${path.split(/[\\/]/).pop()}`, description: "cannot be read", detail: summary.error, path };
  const features = [
    summary.suits.completion ? "$(check) suits code completion (FIM base model)" : summary.advice ? `$(warning) ${summary.advice}` : "$(circle-slash) no FIM: not for completion",
    summary.suits.text ? "$(check) suits Summarize / Sentiment (instruct)" : summary.chatTemplate ? "chat template" : "no chat template",
    summary.family,
  ].filter(Boolean);
  return {
    label: `${isCurrent ? "$(pass-filled)" : "$(file-binary)"} ${summary.name}`,
    description: [isCurrent ? "in use" : "", formatBytes(summary.sizeBytes), summary.quantization, summary.sizeLabel, summary.architecture].filter(Boolean).join(" · "),
    detail: `${features.join(" · ")} · ${source}: ${path}`,
    path,
  };
}

function locations(): ModelLocation[] {
  // The user's own folders are reported when missing (a typo); other tools' folders are not.
  return [...configuredLocations(readModelFolders(), "localSlm.modelFolders"), ...knownModelLocations()];
}
