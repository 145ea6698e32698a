// What a GGUF file is, from its metadata alone (no weights loaded): for the model picker. Runs in
// the worker because it parses the file; every header is bounds-checked first (ggufHeaderCheck).
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import type { ModelSummary } from "../protocol/types";
import { checkGgufHeader } from "./ggufHeaderCheck";
import { firstLine } from "./modelPreflight";
import type { NodeLlamaCppModule } from "./nodeLlamaCpp";

/** Fill-in-the-middle prefix tokens of the coder model families, when the GGUF has no token ids. */
const FIM_PREFIX_TOKENS = ["<|fim_prefix|>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "<|fim_begin|>"];

export async function inspectModel(nlc: NodeLlamaCppModule, path: string): Promise<ModelSummary> {
  try {
    const size = (await stat(path)).size;
    const handle = await open(path, "r");
    try {
      await checkGgufHeader(handle, size);
    } finally {
      await handle.close();
    }
    const info = await nlc.readGgufFileInfo(path, { readTensorInfo: false, logWarnings: false, sourceType: "filesystem" });
    const metadata = info.metadata as Record<string, Record<string, unknown> | undefined>;
    const general = metadata.general ?? {};
    const tokenizer = (metadata.tokenizer ?? {}) as { ggml?: Record<string, unknown>; chat_template?: unknown };
    const architecture = String(general.architecture ?? "unknown");
    const arch = (metadata[architecture] ?? {}) as Record<string, unknown>;
    const tokens = Array.isArray(tokenizer.ggml?.tokens) ? (tokenizer.ggml!.tokens as string[]) : [];
    const fimIds = tokenizer.ggml?.fim_pre_token_id ?? tokenizer.ggml?.prefix_token_id;
    return {
      path,
      ok: true,
      kind: kindOf(String(general.type ?? "model"), architecture),
      name: String(general.name ?? basename(path, ".gguf")),
      architecture,
      sizeBytes: size,
      quantization: fileTypeName(nlc, general.file_type),
      sizeLabel: typeof general.size_label === "string" ? general.size_label : undefined,
      contextLength: typeof arch.context_length === "number" ? arch.context_length : undefined,
      fim: typeof fimIds === "number" || FIM_PREFIX_TOKENS.some((t) => tokens.includes(t)),
      chatTemplate: typeof tokenizer.chat_template === "string" && tokenizer.chat_template.length > 0,
    };
  } catch (error) {
    return { path, ok: false, error: firstLine(error) };
  }
}

function kindOf(type: string, architecture: string): "model" | "adapter" | "projector" {
  if (type === "adapter") return "adapter";
  if (type === "mmproj" || architecture === "clip") return "projector";
  return "model";
}

function fileTypeName(nlc: NodeLlamaCppModule, fileType: unknown): string {
  if (typeof fileType !== "number") return "unknown";
  const name = (nlc.GgufFileType as unknown as Record<number, string>)[fileType];
  return name ? name.replace(/^(MOSTLY|ALL)_/, "") : `type ${fileType}`;
}
