// Which code-model family a loaded model belongs to, from its vocabulary's tokens (GGUFs made by
// llama.cpp's converter rarely carry tokenizer.ggml.fim_* keys, so the token texts are what tells
// the families apart), resolved to token ids once per model.
import { basename } from "node:path";
import { EngineError, EngineErrorCode } from "../../protocol/errors";
import type { LlamaModel, Token } from "../nodeLlamaCpp";
import { baseModelFor, familyByTokens, looksInstructTuned, type FamilySpec } from "./familyTable";

export interface ModelFamily {
  spec: FamilySpec;
  /** Absent: the model cannot fill in the middle. */
  fim?: { prefix: Token; suffix: Token; middle?: Token; whitespace: "plain" | "sentencepiece" };
  /** Generation stops on these ids (besides llama.cpp's end-of-generation tokens). */
  stopTokens: ReadonlySet<Token>;
  repository?: { repoName: Token; fileSep: Token; layout: "qwen" | "starcoder2" };
  /** The model was tuned for chat or instructions (by its name): not what FIM completion wants. */
  instructTuned: boolean;
  /** A model with FIM tokens that is not fit for completion: why, for one warning. */
  completionWarning?: string;
}

const resolved = new WeakMap<LlamaModel, ModelFamily>();

export function modelFamily(model: LlamaModel): ModelFamily {
  let family = resolved.get(model);
  if (!family) {
    family = resolveFamily(model);
    resolved.set(model, family);
  }
  return family;
}

/** The vocabulary as a text -> id map (the GGUF's token list; node-llama-cpp has no lookup by text). */
export function tokenIndex(model: LlamaModel): Map<string, Token> {
  const tokens = (model.fileInfo.metadata as { tokenizer?: { ggml?: { tokens?: readonly string[] } } }).tokenizer?.ggml?.tokens ?? [];
  const index = new Map<string, Token>();
  tokens.forEach((text, id) => {
    if (!index.has(text)) index.set(text, id as Token);
  });
  return index;
}

function resolveFamily(model: LlamaModel): ModelFamily {
  const index = tokenIndex(model);
  const spec = familyByTokens((mark) => index.has(mark));
  const id = (text: string) => index.get(text);
  const stopTokens = new Set(spec.stops.map(id).filter((t): t is Token => t !== undefined));
  const instructTuned = isInstructTuned(model);

  let fim: ModelFamily["fim"];
  if (spec.fim) {
    fim = { prefix: id(spec.fim.prefix)!, suffix: id(spec.fim.suffix)!, middle: spec.fim.middle ? id(spec.fim.middle) : undefined, whitespace: spec.fim.whitespace };
  } else {
    const { prefix, suffix, middle } = model.tokens.infill; // llama.cpp's own FIM tokens (metadata ids or known texts)
    if (prefix != null && suffix != null) fim = { prefix, suffix, middle: middle ?? undefined, whitespace: "plain" };
  }
  if (fim) for (const t of [fim.prefix, fim.suffix, fim.middle]) if (t !== undefined) stopTokens.add(t);

  const repo = spec.repository;
  const repository = repo && id(repo.repoName) !== undefined && id(repo.fileSep) !== undefined
    ? { repoName: id(repo.repoName)!, fileSep: id(repo.fileSep)!, layout: repo.layout }
    : undefined;
  const completionWarning = fim && instructTuned
    ? `${modelName(model)} is an instruction-tuned model: it has fill-in-the-middle tokens but was not trained to complete code with them, so suggestions will be poor. Use a base coder model for completion, e.g. ${baseModelFor(spec.id)}.`
    : undefined;
  return { spec, fim, stopTokens, repository, instructTuned, completionWarning };
}

/** The FIM tokens of a model that can fill in the middle, or a clear refusal. */
export function requireFim(model: LlamaModel): Required<Pick<ModelFamily, "fim">> & ModelFamily {
  const family = modelFamily(model);
  if (!family.fim) {
    throw new EngineError(EngineErrorCode.InfillUnsupported, `${modelName(model)} has no fill-in-the-middle tokens, so it cannot complete code in place: use a coder base model such as Qwen2.5-Coder.`);
  }
  if (family.fim.middle === undefined && family.spec.id !== "codestral") {
    // llama.cpp's /infill refuses these too: a prefix and a suffix token alone do not say the layout.
    throw new EngineError(
      EngineErrorCode.InfillUnsupported,
      `${modelName(model)} has fill-in-the-middle prefix and suffix tokens but no middle token, and is not a known suffix-first family: its infill layout is unknown. Use a coder base model such as Qwen2.5-Coder.`,
    );
  }
  return family as Required<Pick<ModelFamily, "fim">> & ModelFamily;
}

export function modelName(model: LlamaModel): string {
  const name = (model.fileInfo.metadata as { general?: { name?: unknown } }).general?.name;
  return typeof name === "string" && name.trim() !== "" ? name : basename(model.filename ?? "the model");
}

function isInstructTuned(model: LlamaModel): boolean {
  const general = (model.fileInfo.metadata as { general?: Record<string, unknown> }).general ?? {};
  const names = [general.name, general.finetune, general.basename].map((v) => (typeof v === "string" ? v : undefined));
  return looksInstructTuned([...names, model.filename ? basename(model.filename) : undefined]);
}
