// Where GGUF models already are on a machine: the folders other local-AI tools download into.
// Each is listed only if it exists; none is created.
import { homedir, platform } from "node:os";
import { join } from "node:path";

export interface ModelLocation {
  /** Shown in the quick pick: which tool keeps models there. */
  source: string;
  path: string;
  /** Ollama stores models as content-addressed blobs without an extension. */
  extensionless?: boolean;
}

export function knownModelLocations(env: NodeJS.ProcessEnv = process.env, home = homedir(), os = platform()): ModelLocation[] {
  const appData = env.APPDATA ?? join(home, "AppData", "Roaming");
  const localAppData = env.LOCALAPPDATA ?? join(home, "AppData", "Local");
  const macSupport = join(home, "Library", "Application Support");
  const xdgData = env.XDG_DATA_HOME ?? join(home, ".local", "share");
  const xdgCache = env.XDG_CACHE_HOME ?? join(home, ".cache");
  const hfHome = env.HF_HOME ?? join(xdgCache, "huggingface");
  const locations: ModelLocation[] = [
    { source: "node-llama-cpp", path: join(home, ".node-llama-cpp", "models") },
    { source: "LM Studio", path: join(home, ".lmstudio", "models") },
    { source: "LM Studio", path: join(home, ".cache", "lm-studio", "models") },
    { source: "Hugging Face cache", path: env.HF_HUB_CACHE ?? env.HUGGINGFACE_HUB_CACHE ?? join(hfHome, "hub") },
    { source: "llama.cpp cache", path: env.LLAMA_CACHE ?? (os === "darwin" ? join(home, "Library", "Caches", "llama.cpp") : os === "win32" ? join(localAppData, "llama.cpp") : join(xdgCache, "llama.cpp")) },
    { source: "Ollama", path: join(env.OLLAMA_MODELS ?? join(home, ".ollama", "models"), "blobs"), extensionless: true },
    { source: "Jan", path: join(home, "jan", "models") },
    { source: "Jan", path: os === "darwin" ? join(macSupport, "Jan", "data", "models") : os === "win32" ? join(appData, "Jan", "data", "models") : join(xdgData, "Jan", "data", "models") },
    { source: "GPT4All", path: os === "darwin" ? join(macSupport, "nomic.ai", "GPT4All") : os === "win32" ? join(localAppData, "nomic.ai", "GPT4All") : join(xdgData, "nomic.ai", "GPT4All") },
    { source: "text-generation-webui", path: join(home, "text-generation-webui", "models") },
    { source: "Local SLM downloads", path: join(home, ".local-slm", "models") },
  ];
  // The same folder reached twice (an env var pointing at a default) is listed once.
  const seen = new Set<string>();
  return locations.filter((l) => !seen.has(l.path) && seen.add(l.path));
}
