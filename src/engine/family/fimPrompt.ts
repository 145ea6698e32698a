// The exact fill-in-the-middle prompt tokens for a model's family: its own layout and whitespace,
// repository context in its own tokens where it has them (else as comments, which the host
// renders), and the current file's path. Text is always tokenized with special-token parsing off,
// so code that contains "<|fim_suffix|>" stays text.
import type { RepositoryContext } from "../../protocol/types";
import type { LlamaModel, Token } from "../nodeLlamaCpp";
import { requireFim, type ModelFamily } from "./modelFamily";

export interface InfillInput {
  prefix: string;
  suffix: string;
  /** Tokens the whole prompt may use. */
  budget: number;
  repository?: RepositoryContext;
  /** The same context as comments, for families without repository tokens. */
  repositoryComment?: string;
}

export interface InfillPrompt {
  tokens: Token[];
  /** The prefix's last text tokens: the context the generated text is detokenized with. */
  textContext: Token[];
}

/**
 * [BOS] PRE prefix SUF suffix MID (or the family's own order). Only the start of the prefix and the
 * end of the suffix are cut when the budget is exceeded: the host has already cut both at stable
 * line boundaries for KV-cache reuse. The repository head takes at most half the budget, and stays
 * the same while the user types in one document (the KV cache keeps it).
 */
export function infillPrompt(model: LlamaModel, input: InfillInput): InfillPrompt {
  const family = requireFim(model);
  const { fim } = family;
  const text = (s: string) => (s === "" ? [] : model.tokenize(s, false));
  const suffixText = fim.whitespace === "sentencepiece" ? encodeInfilling(model, input.suffix) : text(input.suffix);
  const bos = model.tokens.shouldPrependBosToken && model.tokens.bos != null ? [model.tokens.bos] : [];

  const useRepoTokens = family.repository !== undefined && input.repository !== undefined;
  const fixed = bos.length + (fim.middle !== undefined ? 3 : 2);
  const room = Math.max(0, input.budget - fixed);
  const head = useRepoTokens ? repositoryHead(model, family, input.repository!, Math.floor(room / 2)) : { before: [], current: [] };
  const commentHead = !useRepoTokens && input.repositoryComment ? text(input.repositoryComment) : [];
  const headCost = head.before.length + head.current.length + commentHead.length;
  const commentFits = headCost <= room / 2;
  const left = room - (commentFits ? headCost : head.before.length + head.current.length);

  let prefixTokens = text(input.prefix);
  let suffixTokens = suffixText.slice(0, Math.min(suffixText.length, Math.floor(left / 4)));
  prefixTokens = prefixTokens.slice(Math.max(0, prefixTokens.length - (left - suffixTokens.length)));
  if (commentFits && commentHead.length > 0) prefixTokens = [...commentHead, ...prefixTokens];
  const textContext = prefixTokens.slice(-8);

  let tokens: Token[];
  if (fim.middle === undefined) {
    tokens = [...bos, ...head.before, fim.suffix, ...suffixTokens, fim.prefix, ...head.current, ...prefixTokens]; // suffix first (Codestral)
  } else if (family.repository?.layout === "starcoder2") {
    // StarCoder2 was trained with the current file's path inside the FIM prefix.
    tokens = [...bos, ...head.before, fim.prefix, ...head.current, ...prefixTokens, fim.suffix, ...suffixTokens, fim.middle];
  } else {
    tokens = [...bos, ...head.before, ...head.current, fim.prefix, ...prefixTokens, fim.suffix, ...suffixTokens, fim.middle];
  }
  return { tokens, textContext };
}

/**
 * Qwen2.5-Coder: <|repo_name|>name\n <|file_sep|>path\ncode\n ... <|file_sep|>current\n (then <|fim_prefix|>).
 * StarCoder2: <repo_name>name <file_sep>path\ncode ... <file_sep> (then <fim_prefix>current\n).
 * Files are added in the order given while they fit in `room`.
 */
function repositoryHead(model: LlamaModel, family: ModelFamily, repository: RepositoryContext, room: number): { before: Token[]; current: Token[] } {
  const { repoName, fileSep, layout } = family.repository!;
  const tok = (s: string) => (s === "" ? [] : model.tokenize(s, false));
  const qwen = layout === "qwen";
  const name = repository.name?.trim() || "workspace";
  const before: Token[] = [repoName, ...tok(qwen ? `${name}\n` : name)];
  const current: Token[] = repository.currentPath ? (qwen ? [fileSep, ...tok(`${repository.currentPath}\n`)] : tok(`${repository.currentPath}\n`)) : [];
  const closing = qwen ? [] : [fileSep];
  let used = before.length + current.length + closing.length;
  for (const file of repository.files) {
    const body = [fileSep, ...tok(qwen ? `${file.path}\n${file.text}\n` : `${file.path}\n${file.text}`)];
    if (used + body.length > room) break;
    before.push(...body);
    used += body.length;
  }
  if (repository.files.length === 0 && !repository.currentPath) return { before: [], current: [] };
  return { before: [...before, ...closing], current };
}

/**
 * Text tokenized without SentencePiece's leading "▁" (Meta's `encode_infilling`: encode "☺" + s and
 * drop the tokens of "▁☺"). node-llama-cpp's "trimLeadingSpace" keeps a lone "▁" before a newline.
 */
export function encodeInfilling(model: LlamaModel, s: string): Token[] {
  if (s === "") return [];
  const marker = model.tokenize("☺", false);
  const tokens = model.tokenize(`☺${s}`, false);
  if (marker.length > 0 && marker.every((t, i) => tokens[i] === t)) return tokens.slice(marker.length);
  return model.tokenize(s, false, "trimLeadingSpace");
}
