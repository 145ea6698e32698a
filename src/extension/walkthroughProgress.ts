// The walkthrough's steps complete when the user does the thing anywhere (the status bar, the
// palette, typing, a context menu), not only through the walkthrough's own links: context keys
// that package.json's `completionEvents` ("onContext:...") wait for. They are set from what
// happened: a model became ready, a suggestion was shown, a text tool ran (the statistics, which
// persist, so work done in an earlier session counts too).
//
// The context keys alone are not enough: VS Code creates its walkthrough service when it is first
// used (opening the Welcome page), so what happened before that is not seen, and a key that is
// already true when the service starts never checks its step. So each step is also marked done
// with VS Code's own command for it, `welcome.markStepComplete` (the step's full id), which
// creates the service if need be and stores the progress.
import * as vscode from "vscode";
import type { EngineClient } from "../host/engineClient";
import type { UsageStatistics } from "./statistics/usageStatistics";

export const WALKTHROUGH_KEYS = {
  modelReady: "localSlm.walkthrough.modelReady",
  completionShown: "localSlm.walkthrough.completionShown",
  textToolUsed: "localSlm.walkthrough.textToolUsed",
} as const;

/** Which walkthrough step (package.json) each key completes. */
const STEP_OF: Record<string, string> = {
  [WALKTHROUGH_KEYS.modelReady]: "model",
  [WALKTHROUGH_KEYS.completionShown]: "complete",
  [WALKTHROUGH_KEYS.textToolUsed]: "summarize",
};
const WALKTHROUGH_ID = "localSlm.gettingStarted";

export function trackWalkthroughProgress(extensionId: string, engine: EngineClient, statistics: UsageStatistics): vscode.Disposable[] {
  const done = new Set<string>();
  const mark = (key: string) => {
    if (done.has(key)) return;
    done.add(key);
    void vscode.commands.executeCommand("setContext", key, true);
    // Not every editor built on VS Code has the command: the context key is then what remains.
    void vscode.commands.executeCommand("welcome.markStepComplete", `${extensionId}#${WALKTHROUGH_ID}#${STEP_OF[key]}`).then(undefined, () => undefined);
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
