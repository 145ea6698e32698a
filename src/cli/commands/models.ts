// `local-slm models [--folder F]... [--all] [--json]`: the GGUF models on this machine (the given
// folders and the folders of other local-AI tools), described by the worker from their metadata.
// The model in use (--model, or $LOCAL_SLM_MODEL) comes first, marked "*", wherever it is.
import { resolve } from "node:path";
import { currentModelFirst } from "../../models/currentModelFirst";
import { discoverModels } from "../../models/discoverModels";
import { expandHome } from "../../shared/expandHome";
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
  const currentPath = values.model || process.env.LOCAL_SLM_MODEL;
  const listed = await currentModelFirst(discovery.models, currentPath ? resolve(expandHome(currentPath)) : undefined);
  if (currentPath && !listed.current) process.stderr.write(`local-slm: the model in use, ${currentPath}, is not a file\n`);
  const engine = metadataEngine(values.verbose === true);
  let summaries;
  try {
    summaries = listed.models.length ? await engine.inspectModels(listed.models.map((m) => m.realPath)) : [];
  } finally {
    await engine.dispose();
  }
  const models = listed.models
    .map((found, i) => ({ ...found, ...summaries[i]!, path: found.path, current: found === listed.current }))
    .filter((m) => values.all || !m.ok || m.kind === "model" || m.current);
  if (values.json) {
    printResult(true, { models, problems: discovery.problems, truncated: discovery.truncated, ms: Math.round(performance.now() - started) });
    return;
  }
  for (const m of models) {
    if (!m.ok) {
      process.stdout.write(`${m.current ? "* " : "! "} ${m.path}: cannot be read (${m.error})\n`);
      continue;
    }
    const suits = [m.suits.completion ? "completion" : "", m.suits.text ? "text tools" : ""].filter(Boolean).join(" + ");
    const features = [m.fim ? "FIM" : "no FIM", m.chatTemplate ? "chat" : "no chat", m.family ?? "", m.kind === "model" ? "" : m.kind, suits ? `suits ${suits}` : ""].filter(Boolean).join(", ");
    const name = m.displayName ?? m.name;
    process.stdout.write(`${m.current ? "* " : "  "}${name}${m.current ? " (in use)" : ""}  ${formatBytes(m.sizeBytes)}  ${m.quantization}  ${m.sizeLabel ?? ""}  [${features}]  ${m.source}: ${m.path}\n`);
  }
  for (const m of models) if (m.ok && m.advice) process.stderr.write(`local-slm: ${m.path}: ${m.advice}\n`);
  for (const p of discovery.problems) process.stderr.write(`local-slm: ${p.path} ${p.reason}\n`);
  if (discovery.truncated) process.stderr.write("local-slm: the search stopped early (too many files or too slow): pass your models folder with --folder\n");
  if (models.length === 0) process.stderr.write("local-slm: no GGUF models found; try --folder DIR, or local-slm download\n");
  else if (listed.current) process.stderr.write("local-slm: * the model in use (--model or LOCAL_SLM_MODEL)\n");
}
