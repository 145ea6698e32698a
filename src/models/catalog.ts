// Recommended small models, downloaded on request only. Sizes are the Q8_0 files' approximate
// sizes (rounded); "memory" is the file plus a 4,096-token context, approximately. Scores are the
// model authors' published figures (Qwen2.5 / Qwen2.5-Coder technical reports), for orientation.

export interface CatalogModel {
  id: string;
  name: string;
  /** https URL of the GGUF file (the origin can be redirected for tests: LOCAL_SLM_DOWNLOAD_BASE_URL). */
  url: string;
  fileName: string;
  approxSizeBytes: number;
  approxMemoryBytes: number;
  goodFor: "completion" | "text" | "both";
  notes: string;
}

const MB = 1_000_000;
const HF = "https://huggingface.co";

export const CATALOG: readonly CatalogModel[] = [
  {
    id: "qwen2.5-coder-1.5b-instruct-q8_0",
    name: "Qwen2.5-Coder 1.5B Instruct (Q8_0)",
    url: `${HF}/Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF/resolve/main/qwen2.5-coder-1.5b-instruct-q8_0.gguf`,
    fileName: "qwen2.5-coder-1.5b-instruct-q8_0.gguf",
    approxSizeBytes: 1_890 * MB,
    approxMemoryBytes: 2_100 * MB,
    goodFor: "both",
    notes: "Code completion (fill-in-the-middle) and text tools in one model; HumanEval 70.7 (published, instruct).",
  },
  {
    id: "qwen2.5-coder-0.5b-instruct-q8_0",
    name: "Qwen2.5-Coder 0.5B Instruct (Q8_0)",
    url: `${HF}/Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF/resolve/main/qwen2.5-coder-0.5b-instruct-q8_0.gguf`,
    fileName: "qwen2.5-coder-0.5b-instruct-q8_0.gguf",
    approxSizeBytes: 530 * MB,
    approxMemoryBytes: 700 * MB,
    goodFor: "completion",
    notes: "The fastest completion on a laptop CPU; HumanEval 61.6 (published, instruct).",
  },
  {
    id: "qwen2.5-1.5b-instruct-q8_0",
    name: "Qwen2.5 1.5B Instruct (Q8_0)",
    url: `${HF}/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q8_0.gguf`,
    fileName: "qwen2.5-1.5b-instruct-q8_0.gguf",
    approxSizeBytes: 1_890 * MB,
    approxMemoryBytes: 2_100 * MB,
    goodFor: "text",
    notes: "Summaries and sentiment in many languages; MMLU 60.9 (published).",
  },
];

/** The URL to fetch, with the origin replaced when tests (or a mirror) redirect downloads. */
export function downloadUrl(model: CatalogModel, baseUrl = process.env.LOCAL_SLM_DOWNLOAD_BASE_URL): string {
  if (!baseUrl) return model.url;
  const url = new URL(model.url);
  return `${baseUrl.replace(/\/$/, "")}${url.pathname}`;
}
