// The localSlm.loraAdapters setting: a list of paths or { path, scale } objects. Pure (no vscode
// import) so that the rules are unit-tested. An entry that cannot be understood is reported and
// left out, rather than loading the model with a guess.
import type { LoraAdapter } from "../protocol/types";

const MAX_ABS_SCALE = 10;

export function parseLoraAdapters(value: unknown, expandHome: (path: string) => string, report: (problem: string) => void): LoraAdapter[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report(`localSlm.loraAdapters must be a list, e.g. [{ "path": "~/adapters/ours.gguf", "scale": 1 }]; using none.`);
    return [];
  }
  const adapters: LoraAdapter[] = [];
  value.forEach((entry: unknown, index) => {
    const where = `localSlm.loraAdapters[${index}]`;
    const path = typeof entry === "string" ? entry : isRecord(entry) && typeof entry.path === "string" ? entry.path : undefined;
    if (path === undefined || path.trim() === "") {
      report(`${where} needs a "path" to a LoRA adapter .gguf; left out.`);
      return;
    }
    const scale = isRecord(entry) && entry.scale !== undefined ? entry.scale : 1;
    if (typeof scale !== "number" || !Number.isFinite(scale) || Math.abs(scale) > MAX_ABS_SCALE) {
      report(`${where}.scale must be a number from -${MAX_ABS_SCALE} to ${MAX_ABS_SCALE} (1 = as trained, 0 = off); left out.`);
      return;
    }
    adapters.push({ path: expandHome(path.trim()), scale });
  });
  return adapters;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
