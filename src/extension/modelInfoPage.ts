// Show Model Info as a page a person reads (a Markdown preview of a read-only document), not raw
// JSON with byte counts.
import { basename } from "node:path";
import type { ModelInfo } from "../protocol/types";
import { formatBytes } from "../shared/formatBytes";

const yesNo = (value: boolean) => (value ? "yes" : "no");
/** A table cell: no line breaks or pipes from a file name or a model's own name. */
const cell = (text: string) => text.replace(/[\r\n]+/g, " ").replace(/\|/g, "\\|");

export function modelInfoMarkdown(info: ModelInfo): string {
  const rows: [string, string][] = [
    ["File", `\`${info.path}\``],
    ["Size on disk", formatBytes(info.fileSizeBytes)],
    ["Memory (estimate)", formatBytes(info.estimatedMemoryBytes)],
    ["Architecture", info.architecture],
    ["Quantization", info.quantization],
    ["Code completion (fill-in-the-middle)", yesNo(info.fim)],
    ["Chat template (text tools as chat)", yesNo(info.chatTemplate)],
    ["Context in use", `${info.contextSize.toLocaleString("en-US")} tokens (trained with ${info.contextLength.toLocaleString("en-US")})`],
    ["Vocabulary", `${info.vocabularySize.toLocaleString("en-US")} tokens`],
    ["Runs on", `${info.backend.toUpperCase()}${info.gpuDevices.length ? ` (${info.gpuDevices.join(", ")})` : ""}, ${info.threads} thread${info.threads === 1 ? "" : "s"}`],
    ["Loaded in", `${(info.loadMs / 1000).toFixed(1)} s`],
  ];
  if (info.loraAdapters?.length) rows.push(["LoRA adapters", info.loraAdapters.map((a) => `${basename(a.path, ".gguf")} ×${a.scale}`).join(", ")]);
  return [
    `# ${cell(info.name)}`,
    "",
    "| | |",
    "| --- | --- |",
    ...rows.map(([name, value]) => `| ${name} | ${cell(value)} |`),
    "",
    "Change the model with **Local SLM: Select Model**; free its memory with **Local SLM: Unload Model**.",
    "",
  ].join("\n");
}
