// Chat messages to the exact tokens an instruct model expects, through the model's own chat
// template (node-llama-cpp resolves it from the GGUF: Jinja template or a known wrapper), ending
// with an open assistant turn for the answer.
import { EngineError, EngineErrorCode } from "../protocol/errors";
import type { ChatMessage } from "../protocol/types";
import type { LlamaModel, NodeLlamaCppModule, Token } from "./nodeLlamaCpp";

export interface ChatPrompt {
  tokens: Token[];
  /** Plain-text stop triggers of the template (special-token ones end generation as EOG tokens). */
  stop: string[];
}

/** Resolving a wrapper parses and tries the Jinja template: ~0.3 s, measured, so once per model. */
const wrappers = new WeakMap<LlamaModel, ReturnType<NodeLlamaCppModule["resolveChatWrapper"]>>();

function wrapperFor(nlc: NodeLlamaCppModule, model: LlamaModel) {
  let wrapper = wrappers.get(model);
  if (!wrapper) {
    wrapper = nlc.resolveChatWrapper(model);
    wrappers.set(model, wrapper);
  }
  return wrapper;
}

export function chatPromptTokens(nlc: NodeLlamaCppModule, model: LlamaModel, messages: readonly ChatMessage[]): ChatPrompt {
  if (messages.length === 0) throw new EngineError(EngineErrorCode.Internal, "A chat request needs at least one message.");
  const wrapper = wrapperFor(nlc, model);
  const history = messages.map((m) =>
    m.role === "system" ? { type: "system" as const, text: m.content } : m.role === "user" ? { type: "user" as const, text: m.content } : { type: "model" as const, response: [m.content] },
  );
  const state = wrapper.generateContextState({ chatHistory: [...history, { type: "model", response: [] }] });
  const stop = state.stopGenerationTriggers
    .map((trigger) => trigger.values)
    .filter((values) => values.length > 0 && values.every((v) => typeof v === "string"))
    .map((values) => values.join(""))
    .filter((text) => text.trim() !== "");
  return { tokens: withTemplateBos(model, state.contextText.tokenize(model.tokenizer)), stop };
}

/**
 * One BOS where the model's template or its tokenizer asks for one, none otherwise: node-llama-cpp's
 * wrappers start with the BOS token even for ChatML models whose template has none (Qwen's BOS is
 * <|endoftext|>, which the model never saw at the start of a chat). llama.cpp's server does the same.
 */
export function withTemplateBos(model: LlamaModel, tokens: Token[]): Token[] {
  const bos = model.tokens.bos;
  if (bos == null) return tokens;
  let start = 0;
  while (tokens[start] === bos) start++;
  const template = (model.fileInfo.metadata as { tokenizer?: { chat_template?: unknown } }).tokenizer?.chat_template;
  const wantsBos = model.tokens.shouldPrependBosToken || (typeof template === "string" && template.includes("bos_token"));
  return wantsBos ? [bos, ...tokens.slice(start)] : tokens.slice(start);
}
