// Recommended small models, downloaded only when the user asks. File sizes are the published files'
// (rounded where marked approximate); "memory" is the file plus a 4,096-token context with two
// sequences, approximately. Scores are the model authors' published figures for the unquantized
// model (Qwen2.5 / Qwen2.5-Coder reports, SmolLM2 model card): for orientation, not measured here.

export type GoodFor = "completion" | "text" | "both" | "nextEdit";

export interface CatalogModel {
  id: string;
  name: string;
  /** Hugging Face repository and file: the download is `https://huggingface.co/<repo>/resolve/main/<file>`. */
  hfRepo: string;
  fileName: string;
  /** https URL of the GGUF file (the origin can be redirected: LOCAL_SLM_DOWNLOAD_BASE_URL). */
  url: string;
  quantization: string;
  parameters: string;
  approxSizeBytes: number;
  approxMemoryBytes: number;
  goodFor: GoodFor;
  /** Fill-in-the-middle tokens (inline completion) and a chat template (text tools). */
  fim: boolean;
  chatTemplate: boolean;
  /** Published scores, e.g. "HumanEval 43.9". */
  published: string[];
  /** Where those scores were published (shown beside them in Download Model). */
  publishedSource: string;
  notes: string;
  /** The license as the publisher states it, where it could be checked. */
  license?: string;
}

const MB = 1_000_000;
const HF = "https://huggingface.co";

function entry(e: Omit<CatalogModel, "url">): CatalogModel {
  return { ...e, url: `${HF}/${e.hfRepo}/resolve/main/${e.fileName}` };
}

export const CATALOG: readonly CatalogModel[] = [
  entry({
    id: "qwen2.5-coder-0.5b",
    name: "Qwen2.5-Coder 0.5B base (Q8_0)",
    hfRepo: "ggml-org/Qwen2.5-Coder-0.5B-Q8_0-GGUF",
    fileName: "qwen2.5-coder-0.5b-q8_0.gguf",
    quantization: "Q8_0",
    parameters: "0.5B",
    approxSizeBytes: 531 * MB,
    approxMemoryBytes: 1_000 * MB,
    goodFor: "completion",
    fim: true,
    chatTemplate: true,
    published: ["HumanEval 28.0 (base)"],
    publishedSource: "Qwen2.5-Coder technical report",
    notes: "The fastest code completion on a laptop CPU (about 30 tokens/s on 2 cores); llama.cpp's own FIM draft model.",
  }),
  entry({
    id: "qwen2.5-coder-1.5b",
    name: "Qwen2.5-Coder 1.5B base (Q8_0)",
    hfRepo: "ggml-org/Qwen2.5-Coder-1.5B-Q8_0-GGUF",
    fileName: "qwen2.5-coder-1.5b-q8_0.gguf",
    quantization: "Q8_0",
    parameters: "1.5B",
    approxSizeBytes: 1_647 * MB,
    approxMemoryBytes: 2_200 * MB,
    goodFor: "completion",
    fim: true,
    chatTemplate: true,
    published: ["HumanEval 43.9 (base)"],
    publishedSource: "Qwen2.5-Coder technical report",
    notes: "Better code completion, still usable on a CPU; llama.cpp's --fim-qwen-1.5b-default model.",
  }),
  entry({
    id: "qwen2.5-0.5b-instruct",
    name: "Qwen2.5 0.5B Instruct (Q8_0)",
    hfRepo: "Qwen/Qwen2.5-0.5B-Instruct-GGUF",
    fileName: "qwen2.5-0.5b-instruct-q8_0.gguf",
    quantization: "Q8_0",
    parameters: "0.5B",
    approxSizeBytes: 676 * MB,
    approxMemoryBytes: 1_150 * MB,
    goodFor: "text",
    fim: false,
    chatTemplate: true,
    published: ["GSM8K 49.6", "IFEval 27.9"],
    publishedSource: "Qwen2.5 technical report",
    notes: "Quick summaries and sentiment on any machine; short texts are best.",
  }),
  entry({
    id: "qwen2.5-1.5b-instruct",
    name: "Qwen2.5 1.5B Instruct (Q4_K_M)",
    hfRepo: "Qwen/Qwen2.5-1.5B-Instruct-GGUF",
    fileName: "qwen2.5-1.5b-instruct-q4_k_m.gguf",
    quantization: "Q4_K_M",
    parameters: "1.5B",
    approxSizeBytes: 1_117 * MB,
    approxMemoryBytes: 1_700 * MB,
    goodFor: "text",
    fim: false,
    chatTemplate: true,
    published: ["GSM8K 73.2", "IFEval 42.5"],
    publishedSource: "Qwen2.5 technical report",
    notes: "Better summaries and classification, in many languages.",
  }),
  entry({
    id: "smollm2-360m-instruct",
    name: "SmolLM2 360M Instruct (Q8_0)",
    hfRepo: "HuggingFaceTB/SmolLM2-360M-Instruct-GGUF",
    fileName: "smollm2-360m-instruct-q8_0.gguf",
    quantization: "Q8_0",
    parameters: "360M",
    approxSizeBytes: 386 * MB,
    approxMemoryBytes: 900 * MB,
    goodFor: "text",
    fim: false,
    chatTemplate: true,
    published: ["IFEval 41.0"],
    publishedSource: "SmolLM2 model card",
    notes: "The smallest download; English text only.",
  }),
  // Sweep's next-edit models (Qwen2.5-Coder fine-tunes; the prompt format is src/nextEdit/sweepFormat.ts).
  // Repository and file names as several public llama-server / Nix configurations fetch them
  // (one pins sha256 hashes); the sizes are those of the Qwen2.5-Coder Q8_0 files of the same
  // shape, approximately: neither the files, nor their license, could be checked from this offline
  // machine. Scores: Sweep's blog (blog.sweep.dev/posts/oss-next-edit), their own benchmark.
  entry({
    id: "sweep-next-edit-0.5b",
    name: "Sweep Next-Edit 0.5B (Q8_0)",
    hfRepo: "sweepai/sweep-next-edit-0.5B",
    fileName: "sweep-next-edit-0.5b.q8_0.gguf",
    quantization: "Q8_0",
    parameters: "0.5B",
    approxSizeBytes: 531 * MB,
    approxMemoryBytes: 1_000 * MB,
    goodFor: "nextEdit",
    fim: true,
    chatTemplate: false,
    published: ["next-edit overall 61.30%"],
    publishedSource: "Sweep's next-edit benchmark (blog.sweep.dev)",
    notes: "Next-edit suggestions (localSlm.nextEdit.modelPath): proposes the edit that follows yours, anywhere in the 21 lines around the cursor.",
    license: "see the model card (not verified offline)",
  }),
  entry({
    id: "sweep-next-edit-1.5b",
    name: "Sweep Next-Edit 1.5B (Q8_0)",
    hfRepo: "sweepai/sweep-next-edit-1.5B",
    fileName: "sweep-next-edit-1.5b.q8_0.v2.gguf",
    quantization: "Q8_0",
    parameters: "1.5B",
    approxSizeBytes: 1_647 * MB,
    approxMemoryBytes: 2_200 * MB,
    goodFor: "nextEdit",
    fim: true,
    chatTemplate: false,
    published: ["next-edit overall 67.82% (Zeta 7B: 43.27%)"],
    publishedSource: "Sweep's next-edit benchmark (blog.sweep.dev)",
    notes: "Better next-edit suggestions (localSlm.nextEdit.modelPath); Sweep reports under 500 ms on a laptop with their own serving stack.",
    license: "see the model card (not verified offline)",
  }),
];

export function findCatalogModel(id: string): CatalogModel | undefined {
  return CATALOG.find((m) => m.id === id.toLowerCase());
}

/** The URL to fetch, with the origin replaced when tests (or a mirror) redirect downloads. */
export function downloadUrl(model: Pick<CatalogModel, "url">, baseUrl = process.env.LOCAL_SLM_DOWNLOAD_BASE_URL): string {
  return redirect(model.url, baseUrl);
}

/** Replaces the origin of a Hugging Face URL with `baseUrl` (a mirror, or a loopback server in tests). */
export function redirect(url: string, baseUrl: string | undefined): string {
  if (!baseUrl) return url;
  const parsed = new URL(url);
  if (parsed.origin !== HF) return url;
  return `${baseUrl.replace(/\/$/, "")}${parsed.pathname}`;
}

export interface DownloadSource {
  url: string;
  fileName: string;
  /** The catalog entry, when the source is one. */
  model?: CatalogModel;
}

/**
 * What `local-slm download X` fetches: a catalog id, "hf:<org>/<repo>/<file>.gguf", or a URL of a
 * .gguf file. Throws a one-line reason for anything else.
 */
export function resolveDownloadSource(what: string, baseUrl = process.env.LOCAL_SLM_DOWNLOAD_BASE_URL): DownloadSource {
  const model = findCatalogModel(what);
  if (model) return { url: downloadUrl(model, baseUrl), fileName: model.fileName, model };
  const hf = /^hf:([^/\s]+\/[^/\s]+)\/(.+\.gguf)$/i.exec(what);
  if (hf) return { url: redirect(`${HF}/${hf[1]}/resolve/main/${hf[2]}`, baseUrl), fileName: hf[2]!.split("/").pop()! };
  let url: URL;
  try {
    url = new URL(what);
  } catch {
    throw new Error(`"${what}" is neither a catalog model (${CATALOG.map((m) => m.id).join(", ")}), an hf:<org>/<repo>/<file>.gguf name, nor a URL.`);
  }
  const fileName = decodeURIComponent(url.pathname.split("/").pop() ?? "");
  if (!/\.gguf$/i.test(fileName)) throw new Error(`${what} does not name a .gguf file.`);
  return { url: redirect(url.toString(), baseUrl), fileName };
}
