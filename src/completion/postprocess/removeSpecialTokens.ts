import { languageFacts } from "../../shared/languages";
import type { PostprocessFilter } from "../types";

// Control tokens of the common FIM and chat templates (Qwen, StarCoder, CodeLlama, DeepSeek,
// Llama 3, ChatML) that leak as text, usually when an instruct model is used for completion.
// `<|word|>` covers the whole Qwen/ChatML/Llama family; no language writes that without spaces.
const PIPE_TOKEN = String.raw`<\|[a-z][a-z0-9_]*\|>`;
const STARCODER = String.raw`<(?:fim_prefix|fim_suffix|fim_middle|fim_pad|file_sep|repo_name|reponame|gh_stars|issue_start|jupyter_start)>`;
const DEEPSEEK = String.raw`<｜(?:fim▁begin|fim▁hole|fim▁end|end▁of▁sentence|begin▁of▁sentence)｜>`;
const CODELLAMA = String.raw`<(?:SUF|MID|EOT)>`;
const SPECIAL = new RegExp(`${PIPE_TOKEN}|${STARCODER}|${DEEPSEEK}|${CODELLAMA}`);
// CodeLlama's <PRE> is also an HTML element, written in upper case by old pages.
const CODELLAMA_PRE = /<PRE>/;

/** Cuts the suggestion at the first leaked control token: what follows is not code for this spot. */
export const removeSpecialTokens: PostprocessFilter = (suggestion, context) => {
  const cuts = [SPECIAL.exec(suggestion)?.index];
  if (!languageFacts(context.languageId).markup) cuts.push(CODELLAMA_PRE.exec(suggestion)?.index);
  const first = Math.min(...cuts.map((index) => index ?? Infinity));
  return first === Infinity ? suggestion : suggestion.slice(0, first);
};
