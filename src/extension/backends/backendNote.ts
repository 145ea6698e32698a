// What the status bar says about a server backend: who answered the last request, and why the
// local model did when it was not the server.
import type { BackendReport } from "./featureBackends";

const FEATURE = { completion: "Completion", textTools: "Text tools" } as const;

export function backendNote(report: BackendReport): { text: string; tooltip: string } {
  const feature = FEATURE[report.feature];
  // In words too: an icon alone does not say "local" to someone who has not read the README.
  if (report.answered.by === "server") return { text: "$(server) server", tooltip: `${feature}: answered by ${report.server}.` };
  return { text: "$(debug-disconnect) local", tooltip: `${feature}: answered by the local model instead of ${report.server}: ${report.answered.why}` };
}
