// What a server backend needs to know: where the server is, how to talk to it, how long to wait.
// Plain data, no VS Code: the extension reads it from settings, the CLI from its options.

/** The APIs we speak: llama.cpp's own server, the OpenAI-compatible one (vLLM, LM Studio, llama-server, Ollama), Ollama's own. */
export type ServerApi = "llama-server" | "openai" | "ollama";
export const SERVER_APIS: readonly ServerApi[] = ["llama-server", "openai", "ollama"];

export interface ServerTarget {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:8012 or https://gpu-box.lan:8443/llm. */
  url: string;
  /** Sent as "Authorization: Bearer ..."; from VS Code's SecretStorage or the environment, never from settings. */
  apiKey?: string;
  /** Longest wait for the server to send anything (connecting, the first byte, between streamed chunks). */
  timeoutMs: number;
  /** Accept a certificate no trusted authority signed (a team server with a self-signed certificate). Off by default. */
  allowSelfSigned: boolean;
}

export interface ServerConfig extends ServerTarget {
  /** Detected from the URL when not given. */
  api?: ServerApi;
  /** The model to ask for (OpenAI and Ollama serve several); the server's only or first model when not given. */
  model?: string;
}

export const DEFAULT_SERVER_TIMEOUT_MS = 10_000;

/** Where setting names appear in messages: the extension's settings, or the CLI's options. */
export interface SettingNames {
  url: string;
  api: string;
  model: string;
  timeout: string;
  selfSigned: string;
  apiKey: string;
}

export const EXTENSION_SETTING_NAMES: SettingNames = {
  url: "localSlm.server.url",
  api: "localSlm.server.api",
  model: "localSlm.server.model",
  timeout: "localSlm.server.timeoutSeconds",
  selfSigned: "localSlm.server.allowSelfSignedCertificate",
  apiKey: 'the command "Local SLM: Set Server API Key"',
};

export const CLI_OPTION_NAMES: SettingNames = {
  url: "--server",
  api: "--server-api",
  model: "--server-model",
  timeout: "--server-timeout",
  selfSigned: "--allow-self-signed",
  apiKey: "LOCAL_SLM_SERVER_API_KEY",
};
