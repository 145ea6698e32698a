// Fill-in-the-middle prompts for servers that only complete text (OpenAI-compatible /v1/completions):
// we lay out the model's own FIM tokens around the prefix and suffix, as llama.cpp's /infill does.
// Which layout a model uses is read from its tokenizer where the server has one (each marker must be
// one token), else guessed from the model's name.

export interface FimTemplate {
  family: string;
  prefix: string;
  suffix: string;
  middle: string;
  /** Extra stop strings: the model's end-of-infill markers, in case the server prints them. */
  stop: string[];
}

export const FIM_TEMPLATES: readonly FimTemplate[] = [
  { family: "qwen", prefix: "<|fim_prefix|>", suffix: "<|fim_suffix|>", middle: "<|fim_middle|>", stop: ["<|endoftext|>", "<|fim_pad|>", "<|file_sep|>"] },
  { family: "starcoder", prefix: "<fim_prefix>", suffix: "<fim_suffix>", middle: "<fim_middle>", stop: ["<|endoftext|>", "<file_sep>"] },
  { family: "deepseek", prefix: "<｜fim▁begin｜>", suffix: "<｜fim▁hole｜>", middle: "<｜fim▁end｜>", stop: ["<｜end▁of▁sentence｜>"] },
  { family: "codellama", prefix: "<PRE> ", suffix: " <SUF>", middle: " <MID>", stop: ["<EOT>"] },
  { family: "codegemma", prefix: "<|fim_prefix|>", suffix: "<|fim_suffix|>", middle: "<|fim_middle|>", stop: ["<|file_separator|>"] },
];

const BY_NAME: [RegExp, string][] = [
  [/qwen/i, "qwen"],
  [/starcoder|stable-?code|granite/i, "starcoder"],
  [/deepseek/i, "deepseek"],
  [/codellama|code-llama/i, "codellama"],
  [/codegemma/i, "codegemma"],
];

export function templateByName(model: string): FimTemplate | undefined {
  const family = BY_NAME.find(([pattern]) => pattern.test(model))?.[1];
  return FIM_TEMPLATES.find((t) => t.family === family);
}

/** The first template whose three markers are each a single token for this model's tokenizer. */
export async function templateByTokens(tokenCount: (text: string) => Promise<number>): Promise<FimTemplate | undefined> {
  for (const template of FIM_TEMPLATES) {
    const counts = await Promise.all([template.prefix, template.suffix, template.middle].map((marker) => tokenCount(marker.trim())));
    if (counts.every((n) => n === 1)) return template;
  }
  return undefined;
}

/** Prefix-suffix-middle order, the one every family above was trained with. */
export function renderFim(template: FimTemplate, prefix: string, suffix: string): string {
  return `${template.prefix}${prefix}${template.suffix}${suffix}${template.middle}`;
}
