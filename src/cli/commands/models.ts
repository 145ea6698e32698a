// `local-slm models [--folder F]... [--all] [--json]`: the GGUF models on this machine (the given
// folders and the folders of other local-AI tools), described by the worker from their metadata.
import { discoverModels } from "../../models/discoverModels";
import { configuredLocations, knownModelLocations } from "../../models/knownLocations";
import { formatBytes } from "../../shared/formatBytes";
import { metadataEngine } from "../engineSession";
import { parse } from "../options";
import { printResult } from "../output";

export async function modelsCommand(args: string[]): Promise<void> {
  const { values } = parse(args, {
    folder: { type: "string", multiple: true },
    "no-known": { type: "boolean", default: false },
    all: { type: "boolean", default: false },
  });
  const started = performance.now();
  const locations = [...configuredLocations(values.folder ?? [], "--folder"), ...(values["no-known"] ? [] : knownModelLocations())];
  const discovery = await discoverModels(locations);
  const engine = metadataEngine(values.verbose === true);
  let summaries;
  try {
    summaries = discovery.models.length ? await engine.inspectModels(discovery.models.map((m) => m.realPath)) : [];
  } finally {
    await engine.dispose();
  }
  const models = discovery.models
    .map((found, i) => ({ ...found, ...summaries[i]!, path: found.path }))
    .filter((m) => values.all || !m.ok || m.kind === "model");
  if (values.json) {
    printResult(true, { models, problems: discovery.problems, truncated: discovery.truncated, ms: Math.round(performance.now() - started) });
    return;
  }
  for (const m of models) {
    if (!m.ok) {
      process.stdout.write(`!  ${m.path}: cannot be read (${m.error})\n`);
      continue;
    }
    const features = [m.fim ? "FIM" : "no FIM", m.chatTemplate ? "chat" : "no chat", m.kind === "model" ? "" : m.kind].filter(Boolean).join(", ");
    const name = m.displayName ?? m.name;
    process.stdout.write(`${name}  ${formatBytes(m.sizeBytes)}  ${m.quantization}  ${m.sizeLabel ?? ""}  [${features}]  ${m.source}: ${m.path}\n`);
  }
  for (const p of discovery.problems) process.stderr.write(`local-slm: ${p.path} ${p.reason}\n`);
  if (discovery.truncated) process.stderr.write("local-slm: the search stopped early (too many files or too slow): pass your models folder with --folder\n");
  if (models.length === 0) process.stderr.write("local-slm: no GGUF models found; try --folder DIR, or local-slm download\n");
}
