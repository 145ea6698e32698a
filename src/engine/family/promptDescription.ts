// "What exactly is sent to my model?": a prompt's tokens with their text, and the family's stop set,
// for `local-slm prompt` and the trace log.
import type { PromptDescription, PromptToken } from "../../protocol/types";
import type { LlamaModel, Token } from "../nodeLlamaCpp";
import { modelFamily } from "./modelFamily";

export function describePromptTokens(model: LlamaModel, tokens: readonly Token[]): PromptDescription {
  const family = modelFamily(model);
  const described = tokens.map((id) => describeToken(model, id));
  return {
    family: family.spec.id,
    familyLabel: family.spec.label,
    tokens: described,
    text: model.detokenize(tokens, true),
    stopTokens: stopSet(model).map((id) => describeToken(model, id)),
    ...(family.repository ? { repositoryTokens: true } : {}),
    ...(family.completionWarning ? { warning: family.completionWarning } : {}),
  };
}

function describeToken(model: LlamaModel, id: Token): PromptToken {
  return { id, text: model.detokenize([id], true), special: model.isSpecialToken(id) };
}

const stopSets = new WeakMap<LlamaModel, Token[]>();

/** The family's stop tokens and every token llama.cpp treats as end of generation, in id order. */
export function stopSet(model: LlamaModel): Token[] {
  let set = stopSets.get(model);
  if (!set) {
    const ids = new Set(modelFamily(model).stopTokens);
    for (const token of model.iterateAllTokens()) if (model.isEogToken(token)) ids.add(token);
    set = [...ids].sort((a, b) => a - b);
    stopSets.set(model, set);
  }
  return set;
}

/** One line per token for the trace log: `151659 <|fim_prefix|>* 1024 "const"`. */
export function formatPromptTrace(description: PromptDescription): string {
  const tokens = description.tokens.map((t) => `${t.id}${t.special ? ` ${t.text}*` : ` ${JSON.stringify(t.text)}`}`).join(" ");
  return `prompt (${description.familyLabel}, ${description.tokens.length} tokens): ${tokens}; stops: ${description.stopTokens.map((t) => `${t.id} ${t.text}`).join(", ")}`;
}
