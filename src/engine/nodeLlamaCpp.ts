// node-llama-cpp is ESM-only with top-level await, so CommonJS code must load it with a real
// dynamic import() (esbuild keeps import() for external packages). Loaded once per process.
import type * as NodeLlamaCpp from "node-llama-cpp";

export type NodeLlamaCppModule = typeof NodeLlamaCpp;
export type { Llama, LlamaModel, LlamaContext, LlamaContextSequence, GgufFileInfo, Token, ControlledEvaluateInputItem } from "node-llama-cpp";

let loading: Promise<NodeLlamaCppModule> | undefined;

export function importNodeLlamaCpp(): Promise<NodeLlamaCppModule> {
  loading ??= import("node-llama-cpp");
  return loading;
}
