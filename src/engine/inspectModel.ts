// What a GGUF file is, from its metadata alone (no weights loaded): for the model picker. Runs in
// the worker because it parses the file; every header is bounds-checked first (ggufHeaderCheck).
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import type { ModelSummary } from "../protocol/types";
import { requiredFileSize } from "../shared/ggmlTypes";
import { checkGgufHeader } from "./ggufHeaderCheck";
import { firstLine } from "./modelPreflight";
import { baseModelFor, familyByTokens, looksInstructTuned } from "./family/familyTable";
import type { NodeLlamaCppModule } from "./nodeLlamaCpp";

/** Fill-in-the-middle prefix tokens of the coder model families, when the GGUF has no token ids. */
const FIM_PREFIX_TOKENS = ["<|fim_prefix|>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>", "<|fim_begin|>"];

export async function inspectModel(nlc: NodeLlamaCppModule, path: string): Promise<ModelSummary> {
  try {
    const size = (await stat(path)).size;
    const handle = await open(path, "r");
    try {
      const magic = Buffer.alloc(4);
      await handle.read(magic, 0, 4, 0);
      if (magic.toString("latin1") !== "GGUF") return { path, ok: false, error: "not a GGUF file" };
      await checkGgufHeader(handle, size);
    } finally {
      await handle.close();
    }
    // The tensor table too: it gives the parameter count and tells a file cut short. Merges and
    // scores are skipped (large, and not needed to describe the file).
    const info = await nlc.readGgufFileInfo(path, {
      readTensorInfo: true,
      logWarnings: false,
      sourceType: "filesystem",
      ignoreKeys: ["tokenizer.ggml.merges", "tokenizer.ggml.scores", "tokenizer.ggml.token_type"],
    });
    const tensors = info.fullTensorInfo ?? info.tensorInfo ?? [];
    const needed = info.splicedParts > 1 ? 0 : requiredFileSize(tensors); // split models: parts checked on load
    if (needed > size) return { path, ok: false, error: `truncated: ${size} of the ${needed} bytes its tensors need (an interrupted download?)` };
    const metadata = info.metadata as Record<string, Record<string, unknown> | undefined>;
    const general = metadata.general ?? {};
    const tokenizer = (metadata.tokenizer ?? {}) as { ggml?: Record<string, unknown>; chat_template?: unknown };
    const architecture = String(general.architecture ?? "unknown");
    const arch = (metadata[architecture] ?? {}) as Record<string, unknown>;
    const tokens = Array.isArray(tokenizer.ggml?.tokens) ? (tokenizer.ggml!.tokens as string[]) : [];
    const fimIds = tokenizer.ggml?.fim_pre_token_id ?? tokenizer.ggml?.prefix_token_id;
    const tokenSet = new Set(tokens);
    const family = familyByTokens((t) => tokenSet.has(t));
    const fim = typeof fimIds === "number" || FIM_PREFIX_TOKENS.some((t) => tokenSet.has(t)) || family.fim !== undefined;
    const chatTemplate = typeof tokenizer.chat_template === "string" && tokenizer.chat_template.length > 0;
    const names = [general.name, general.finetune, general.basename, basename(path)].map((v) => (typeof v === "string" ? v : undefined));
    const instruct = looksInstructTuned(names);
    const loraAlpha = ((metadata.adapter as { lora?: { alpha?: unknown } } | undefined)?.lora)?.alpha; // "adapter.lora.alpha"
    return {
      path,
      ok: true,
      kind: Number(info.totalTensorCount) === 0 ? "vocab" : kindOf(String(general.type ?? "model"), architecture),
      name: String(general.name ?? basename(path, ".gguf")),
      architecture,
      sizeBytes: size,
      quantization: fileTypeName(nlc, general.file_type),
      sizeLabel: typeof general.size_label === "string" ? general.size_label : undefined,
      parameterCount: tensors.reduce((n, t) => n + t.dimensions.reduce<number>((m, d) => m * Number(d), 1), 0),
      ...(typeof loraAlpha === "number" ? { loraAlpha } : {}),
      contextLength: typeof arch.context_length === "number" ? arch.context_length : undefined,
      fim,
      chatTemplate,
      ...(family.id !== "generic" ? { family: family.label } : {}),
      suits: { completion: fim && !instruct, text: instruct || (chatTemplate && !fim) },
      ...(fim && instruct ? { advice: `instruction-tuned: not trained to fill in the middle; for completion use ${baseModelFor(family.id)}` } : {}),
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
