// What a URL serves: llama-server answers /props, Ollama /api/tags, any OpenAI-compatible server
// /v1/models (llama-server and Ollama do too, so they are asked first). An answer that is not the
// expected JSON (a web page, a proxy's login form) means "not this kind".
import { HttpConnection } from "./http";
import { misconfigured, ServerError } from "./serverError";
import type { ServerApi, ServerTarget, SettingNames } from "./serverTypes";

export interface Detected {
  api: ServerApi;
  /** The models it lists (llama-server: the loaded file). */
  models: string[];
}

const PROBES: { api: ServerApi; path: string; read(json: unknown): string[] | undefined }[] = [
  {
    api: "llama-server",
    path: "/props",
    read: (json) => {
      const props = json as { default_generation_settings?: unknown; model_path?: string; model_alias?: string };
      return props?.default_generation_settings ? [(props.model_alias ?? props.model_path ?? "model").split(/[\\/]/).pop()!] : undefined;
    },
  },
  { api: "ollama", path: "/api/tags", read: (json) => ((json as { models?: { name: string }[] })?.models ? (json as { models: { name: string }[] }).models.map((m) => m.name) : undefined) },
  { api: "openai", path: "/v1/models", read: (json) => ((json as { data?: { id: string }[] })?.data ? (json as { data: { id: string }[] }).data.map((m) => m.id) : undefined) },
];

export async function detectServer(target: ServerTarget, names: SettingNames, signal?: AbortSignal): Promise<Detected> {
  const http = new HttpConnection(target, names);
  try {
    for (const probe of PROBES) {
      let json: unknown;
      try {
        json = await http.json({ method: "GET", path: probe.path, signal });
      } catch (error) {
        if (notThisKind(error)) continue;
        // Unreachable, a refused key, an untrusted certificate, a failing server: the same for every path.
        throw error;
      }
      const models = probe.read(json);
      if (models) return { api: probe.api, models };
    }
  } finally {
    http.dispose();
  }
  throw misconfigured(`${target.url} is not a server local-slm knows: it answers none of /props (llama-server), /api/tags (Ollama) or /v1/models (OpenAI-compatible); check ${names.url}.`);
}

/** The server answered, but not as this kind of server would: a 404 or another client error, or a body that is not JSON. */
function notThisKind(error: unknown): boolean {
  if (!(error instanceof ServerError)) return false;
  if (error.status === undefined) return /not JSON/.test(error.message);
  return error.status >= 400 && error.status < 500 && ![401, 403, 407].includes(error.status);
}
