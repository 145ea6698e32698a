// The walkthrough's steps complete when the user does the thing anywhere (the status bar, the
// palette, typing, a context menu), not only through the walkthrough's own links: context keys
// that package.json's `completionEvents` ("onContext:...") wait for. They are set from what
// happened: a model became ready, a suggestion was shown, a text tool ran (the statistics, which
// persist, so work done in an earlier session counts too).
import * as vscode from "vscode";
import type { EngineClient } from "../host/engineClient";
import type { UsageStatistics } from "./statistics/usageStatistics";

export const WALKTHROUGH_KEYS = {
  modelReady: "localSlm.walkthrough.modelReady",
  completionShown: "localSlm.walkthrough.completionShown",
  textToolUsed: "localSlm.walkthrough.textToolUsed",
} as const;

export function trackWalkthroughProgress(engine: EngineClient, statistics: UsageStatistics): vscode.Disposable[] {
  const done = new Set<string>();
  const mark = (key: string) => {
    if (done.has(key)) return;
    done.add(key);
    void vscode.commands.executeCommand("setContext", key, true);
  };
  const fromStatistics = () => {
    const s = statistics.summary([]);
    if (s.shown > 0 || s.latency.completion) mark(WALKTHROUGH_KEYS.completionShown);
    if (s.latency.summarize || s.latency.sentiment) mark(WALKTHROUGH_KEYS.textToolUsed);
  };
  fromStatistics();
  return [
    engine.onDidChangeState((state) => state.kind === "ready" && mark(WALKTHROUGH_KEYS.modelReady)),
    statistics.onDidChange(fromStatistics),
  ];
}
