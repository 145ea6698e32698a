// Where GGUF models already are on a machine: the folders other local-AI tools download into, on
// Linux, macOS and Windows, plus the user's own folders. A folder that does not exist is skipped
// (none is created); a folder the user configured is reported when it is missing.
import { homedir, platform } from "node:os";
import { expandHome } from "../shared/expandHome";
import { join } from "node:path";

export interface ModelLocation {
  /** Shown in the quick pick: which tool keeps models there. */
  source: string;
  path: string;
  /** Ollama stores models as content-addressed blobs without an extension ("sha256-<hex>"). */
  extensionless?: boolean;
  /** Ollama's manifests folder: maps blobs to "model:tag" names and tells models from adapters. */
  ollamaManifests?: string;
  /** The user named this folder: report it when it is missing or unreadable. */
  reportMissing?: boolean;
}

/** The download folder of this extension and CLI (Download Model saves here unless configured). */
export function defaultDownloadFolder(home = homedir()): string {
  return join(home, ".local-slm", "models");
}

export function knownModelLocations(env: NodeJS.ProcessEnv = process.env, home = homedir(), os: NodeJS.Platform = platform()): ModelLocation[] {
  const appData = env.APPDATA ?? join(home, "AppData", "Roaming");
  const localAppData = env.LOCALAPPDATA ?? join(home, "AppData", "Local");
  const macSupport = join(home, "Library", "Application Support");
  const xdgData = env.XDG_DATA_HOME ?? join(home, ".local", "share");
  const xdgConfig = env.XDG_CONFIG_HOME ?? join(home, ".config");
  const xdgCache = env.XDG_CACHE_HOME ?? join(home, ".cache");
  const perOs = (linux: string, mac: string, windows: string) => (os === "darwin" ? mac : os === "win32" ? windows : linux);
  // huggingface_hub: HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub (every OS).
  const hfHome = env.HF_HOME ?? join(xdgCache, "huggingface");
  const ollama = env.OLLAMA_MODELS ?? join(home, ".ollama", "models");
  const locations: ModelLocation[] = [
    { source: "Local SLM downloads", path: defaultDownloadFolder(home) },
    { source: "node-llama-cpp", path: join(home, ".node-llama-cpp", "models") },
    { source: "LM Studio", path: join(home, ".lmstudio", "models") },
    { source: "LM Studio", path: join(home, ".cache", "lm-studio", "models") }, // before LM Studio 0.3
    { source: "Hugging Face cache", path: env.HF_HUB_CACHE ?? env.HUGGINGFACE_HUB_CACHE ?? join(hfHome, "hub") },
    // llama.cpp's -hf downloads (common.cpp fs_get_cache_directory).
    { source: "llama.cpp cache", path: env.LLAMA_CACHE ?? perOs(join(xdgCache, "llama.cpp"), join(home, "Library", "Caches", "llama.cpp"), join(localAppData, "llama.cpp")) },
    { source: "Ollama", path: join(ollama, "blobs"), extensionless: true, ollamaManifests: join(ollama, "manifests") },
    { source: "GPT4All", path: perOs(join(xdgData, "nomic.ai", "GPT4All"), join(macSupport, "nomic.ai", "GPT4All"), join(localAppData, "nomic.ai", "GPT4All")) },
    { source: "Jan", path: join(home, "jan", "models") }, // before Jan 0.5
    { source: "Jan", path: perOs(join(xdgConfig, "Jan", "data"), join(macSupport, "Jan", "data"), join(appData, "Jan", "data")) },
    { source: "Jan", path: join(xdgData, "Jan", "data") },
    { source: "text-generation-webui", path: join(home, "text-generation-webui", "models") },
    { source: "models folder", path: join(home, "models") },
  ];
  // The same folder reached twice (an env var pointing at a default) is listed once.
  const seen = new Set<string>();
  return locations.filter((l) => !seen.has(l.path) && seen.add(l.path));
}

/** The user's own folders (setting localSlm.modelFolders, CLI --folder): "~" expanded, reported when missing. */
export function configuredLocations(folders: readonly string[], source = "your folders", home = homedir()): ModelLocation[] {
  return folders
    .map((f) => f.trim())
    .filter((f) => f !== "")
    .map((f) => ({ source, path: expandHome(f, home), reportMissing: true }));
}
