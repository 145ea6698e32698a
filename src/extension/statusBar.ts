// The status bar item: the model's short name, its state and the last request's latency. The name
// is the model file's name in every state (the model's own name, known once it is loaded, is in the
// tooltip), so the item does not change its words when the model loads. Paused says so in words.
import { basename } from "node:path";
import * as vscode from "vscode";
import type { EngineState } from "../host/engineClient";
import type { Timings } from "../protocol/types";
import type { StatisticsSummary } from "./statistics/usageStatistics";
import { formatBytes } from "../shared/formatBytes";
import { isModelFileProblem } from "./errors";

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("localSlm.status", vscode.StatusBarAlignment.Right, 100);
  private lastLatencyMs: number | undefined;
  private lastTimings: Timings | undefined;
  private paused = false;
  /** Why the engine runs differently now (on battery, low memory): shown in text and tooltip. */
  private conditions: string[] = [];
  /** Who answered the last request of each feature with a server backend (and why the local model did). */
  private backends = new Map<string, { text: string; tooltip: string }>();

  constructor(
    private configuredPath: () => string | undefined,
    private readonly statistics: () => StatisticsSummary,
    /** Where the extension and the model run (this machine, or the remote host in a remote window). */
    private readonly runLocation = "",
  ) {
    this.item.name = "Local SLM";
    this.item.command = "localSlm.showMenu";
    this.show({ kind: "idle" });
    this.item.show();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  setConditions(notes: string[]): void {
    this.conditions = notes;
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  /** A feature's last answer came from the server, or from the local model instead of it (with why). */
  setBackend(feature: string, note: { text: string; tooltip: string } | undefined): void {
    if (note) this.backends.set(feature, note);
    else this.backends.delete(feature);
  }

  recordLatency(ms: number, timings?: Timings): void {
    this.lastLatencyMs = Math.round(ms);
    if (timings) this.lastTimings = timings;
  }

  show(state: EngineState): void {
    const path = this.configuredPath();
    const fileName = path ? basename(path, ".gguf") : undefined;
    // A latency belongs to the model that answered: a load (a new model, or the same one after an
    // unload) or an error clears it.
    if (state.kind !== "ready" && state.kind !== "busy") {
      this.lastLatencyMs = undefined;
      this.lastTimings = undefined;
    }
    const latency = this.lastLatencyMs === undefined ? "" : ` · ${this.lastLatencyMs} ms`;
    const paused = this.paused ? " · paused" : "";
    switch (state.kind) {
      case "idle":
        this.item.text = fileName ? `${this.paused ? "$(debug-pause)" : "$(circle-outline)"} ${fileName}${paused}` : "$(circle-slash) Local SLM: no model";
        this.item.tooltip = fileName ? `Local SLM: ${path}\nNot loaded yet: it loads on first use.${this.paused ? "\nCompletion is paused: Pause / Resume Completion in the menu resumes it." : ""}` : "Local SLM: no model set. Click to choose or download one.";
        this.item.command = fileName ? "localSlm.showMenu" : "localSlm.selectModel";
        this.item.backgroundColor = undefined;
        break;
      case "loading": {
        const percent = state.progress === undefined ? "" : ` ${Math.round(state.progress * 100)}%`;
        this.item.text = `$(loading~spin) ${fileName ?? "Local SLM"}${percent}`;
        this.item.tooltip = `Local SLM: loading ${state.modelPath}${percent}`;
        this.item.command = "localSlm.showMenu";
        this.item.backgroundColor = undefined;
        break;
      }
      case "ready":
      case "busy": {
        const m = state.model;
        const icon = this.paused ? "$(debug-pause)" : state.kind === "busy" ? "$(sync~spin)" : "$(check)";
        this.item.text = `${icon} ${fileName ?? basename(m.path, ".gguf")}${this.paused ? paused : latency}`;
        this.item.tooltip = [
          `Local SLM: ${m.name} (${state.kind})`,
          `File: ${m.path} (${formatBytes(m.fileSizeBytes)}, ${m.quantization})`,
          `Context: ${m.contextSize} tokens · ${m.threads} threads · ${m.backend.toUpperCase()}${m.gpuDevices.length ? ` (${m.gpuDevices.join(", ")})` : ""}`,
          `Fill-in-the-middle: ${m.fim ? "yes" : "no"} · chat template: ${m.chatTemplate ? "yes" : "no"}`,
          m.loraAdapters?.length ? `LoRA: ${m.loraAdapters.map((a) => `${basename(a.path, ".gguf")} ×${a.scale}`).join(", ")}` : "",
          this.paused ? "Completion is paused (click to resume)." : `Last suggestion: ${this.lastLatencyMs ?? "-"} ms${this.lastRequest()}`,
          this.latencySummary(),
          "Click for actions.",
        ].filter(Boolean).join("\n");
        this.item.command = "localSlm.showMenu";
        this.item.backgroundColor = undefined;
        break;
      }
      case "error":
        this.item.text = `$(error) ${fileName ?? "Local SLM"}`;
        if (isModelFileProblem(state.error)) {
          this.item.tooltip = `Local SLM error: ${state.error.message}\nClick to select another model.`;
          this.item.command = "localSlm.selectModel";
        } else {
          this.item.tooltip = `Local SLM error: ${state.error.message}\nClick for actions (select another model, show the log).`;
          this.item.command = "localSlm.showMenu";
        }
        this.item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
        break;
    }
    if (this.backends.size > 0) {
      this.item.text += ` ${[...new Set([...this.backends.values()].map((b) => b.text))].join(" ")}`;
      this.item.tooltip = [String(this.item.tooltip ?? ""), ...[...this.backends.values()].map((b) => b.tooltip)].join("\n");
    }
    if (this.conditions.length > 0) {
      this.item.text += ` · ${this.conditions.map((c) => c.split(":")[0]).join(", ")}`;
      this.item.tooltip = `${String(this.item.tooltip)}\nNow ${this.conditions.join("; ")}.`;
    }
    if (this.runLocation) this.item.tooltip = `${String(this.item.tooltip)}\n${this.runLocation}`;
  }

  private lastRequest(): string {
    const t = this.lastTimings;
    if (!t) return "";
    const speed = t.generationMs > 0 ? `, ${((t.generatedTokens / t.generationMs) * 1000).toFixed(1)} tok/s` : "";
    return ` (prompt ${t.promptTokensEvaluated} evaluated + ${t.promptTokensReused} cached, ${t.generatedTokens} generated${speed})`;
  }

  private latencySummary(): string {
    const s = this.statistics();
    const c = s.latency.completion;
    if (!c) return "";
    return `Completion latency p50 ${c.p50Ms} ms, p95 ${c.p95Ms} ms over ${c.count} · accepted ${s.acceptanceRate === undefined ? "-" : `${Math.round(s.acceptanceRate * 100)}%`} of ${s.shown} shown${s.cacheReuse === undefined ? "" : ` · ${Math.round(s.cacheReuse * 100)}% of prompt tokens from cache`}`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
