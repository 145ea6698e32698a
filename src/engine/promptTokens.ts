// Turns a text prompt or a prefix/suffix pair into the exact tokens the model sees.
import { EngineError, EngineErrorCode } from "../protocol/errors";
import type { LlamaModel, Token } from "./nodeLlamaCpp";

export function textPromptTokens(model: LlamaModel, prompt: string, addBos: boolean): Token[] {
  const tokens = model.tokenize(prompt, false);
  const bos = model.tokens.bos;
  if (addBos && model.tokens.shouldPrependBosToken && bos != null && tokens[0] !== bos) tokens.unshift(bos);
  return tokens;
}

/**
 * The model's own fill-in-the-middle layout: [BOS] PRE prefix SUF suffix MID (or, without a middle
 * token, SUF suffix PRE prefix). Only the start of the prefix is cut when the budget is exceeded:
 * the host is expected to have already cut both at stable line boundaries for KV-cache reuse.
 */
export function infillPromptTokens(model: LlamaModel, prefix: string, suffix: string, budget: number): Token[] {
  const { prefix: pre, suffix: suf, middle: mid } = model.tokens.infill;
  if (pre == null || suf == null) {
    throw new EngineError(EngineErrorCode.InfillUnsupported, "This model has no fill-in-the-middle tokens, so it cannot complete code in place: use a coder base model such as Qwen2.5-Coder.");
  }
  const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
  let prefixTokens = model.tokenize(prefix, false, "trimLeadingSpace");
  let suffixTokens = model.tokenize(suffix, false, "trimLeadingSpace");
  const fixed = (bos != null ? 1 : 0) + (mid != null ? 3 : 2);
  const room = Math.max(0, budget - fixed);
  suffixTokens = suffixTokens.slice(0, Math.min(suffixTokens.length, Math.floor(room / 4)));
  prefixTokens = prefixTokens.slice(Math.max(0, prefixTokens.length - (room - suffixTokens.length)));
  const head = bos != null ? [bos] : [];
  return mid != null
    ? [...head, pre, ...prefixTokens, suf, ...suffixTokens, mid]
    : [...head, suf, ...suffixTokens, pre, ...prefixTokens];
}
