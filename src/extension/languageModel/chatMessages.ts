// VS Code's Language Model messages to the engine's chat messages. The local model takes text
// only: tool calls and tool results that other extensions put in the history are kept as text so
// the model still sees what happened; anything else (images, data) is left out.
import * as vscode from "vscode";
import type { ChatMessage } from "../../protocol/types";

export function toChatMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): ChatMessage[] {
  return messages.map((message) => ({ role: roleOf(message.role), content: message.content.map(partText).filter((t) => t !== "").join("\n") }));
}

/** The text of one message or string, for token counting. */
export function messageText(text: string | vscode.LanguageModelChatRequestMessage): string {
  return typeof text === "string" ? text : text.content.map(partText).filter((t) => t !== "").join("\n");
}

function roleOf(role: vscode.LanguageModelChatMessageRole): ChatMessage["role"] {
  if (role === vscode.LanguageModelChatMessageRole.User) return "user";
  if (role === vscode.LanguageModelChatMessageRole.Assistant) return "assistant";
  return "system"; // the System role (3) exists in the editor before it is in the stable typings
}

function partText(part: unknown): string {
  if (part instanceof vscode.LanguageModelTextPart) return part.value;
  if (part instanceof vscode.LanguageModelToolCallPart) return `[tool call ${part.name} ${JSON.stringify(part.input)}]`;
  if (part instanceof vscode.LanguageModelToolResultPart) return `[tool result] ${part.content.map(partText).filter((t) => t !== "").join("\n")}`;
  // Parts created by another extension's copy of the API classes: duck-type the text part.
  if (typeof part === "object" && part !== null && typeof (part as { value?: unknown }).value === "string") return (part as { value: string }).value;
  return "";
}
