// A server engine for an API, and the check of a URL before anything is sent to it.
import { LlamaServerEngine } from "./llamaServerEngine";
import { OllamaEngine } from "./ollamaEngine";
import { OpenAiEngine } from "./openAiEngine";
import { misconfigured } from "./serverError";
import type { ServerEngine } from "./serverEngine";
import type { ServerApi, ServerConfig, SettingNames } from "./serverTypes";

export function serverEngineFor(api: ServerApi, config: ServerConfig, names: SettingNames, slotKey?: number): ServerEngine {
  if (api === "llama-server") return new LlamaServerEngine(config, names, slotKey);
  if (api === "openai") return new OpenAiEngine(config, names);
  return new OllamaEngine(config, names);
}

/** A one-line complaint for a URL we cannot use at all. */
export function checkUrl(url: string, names: SettingNames): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw misconfigured(`"${url}" is not a URL: set ${names.url} to e.g. http://127.0.0.1:8012.`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw misconfigured(`${names.url} must start with http:// or https://, got "${url}".`);
}
