// The last check of a download, done where GGUF files may be parsed: the worker process. A file
// that is cut short or corrupt (a server that announced less than the model) is refused before it
// gets a model's name.
import type { EngineClient } from "../host/engineClient";

export function verifyInWorker(engine: Pick<EngineClient, "inspectModels">): (path: string) => Promise<string | undefined> {
  return async (path) => {
    const [summary] = await engine.inspectModels([path]);
    if (!summary) return "the worker did not describe it";
    return summary.ok ? undefined : summary.error;
  };
}
