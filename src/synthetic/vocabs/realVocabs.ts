// The real tokenizers of the main code-model families, as vocab-only GGUFs, for tests and synthetic
// models: llama.cpp's own `models/ggml-vocab-*.gguf` files (node-llama-cpp ships llama.cpp's source
// as a git bundle), with the tokens a family adds written in where the shipped file lacks them,
// at the ids and with the token types the family's published GGUFs have. Extracted once into
// `.cache/vocabs/` (a clean clone starts without them) and reused.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { gguf, writeGguf, type GgufValue } from "../ggufWriter";
import { readGgufMetadata, type GgufMetadata } from "../ggufReader";
import { TOKEN_TYPE } from "../tokenizer/llamaVocab";

const run = promisify(execFile);
/** Part of the cached file names: bump it when a recipe changes, so no stale vocabulary is used. */
const RECIPE_VERSION = 2;

/** Families with a vocabulary here; "qwen2" and "llama-spm" are the shipped files as they are. */
export const VOCAB_FAMILIES = [
  "qwen2.5-coder",
  "starcoder2",
  "deepseek-coder",
  "codellama",
  "codegemma",
  "granite-code",
  "codestral",
  "qwen2",
  "llama-spm",
] as const;
export type VocabFamily = (typeof VOCAB_FAMILIES)[number];

interface Recipe {
  /** The shipped file under llama.cpp's models/. */
  base: string;
  /** Changes to the shipped vocabulary (tokens by id, appended tokens, keys). */
  edit?: (v: EditableVocab) => void;
}

const RECIPES: Record<VocabFamily, Recipe> = {
  // Qwen2's file stops its added tokens at 151645 and pads the rest; Qwen2.5 (and -Coder) define
  // 151646-151664 (tokenizer_config.json of Qwen2.5-Coder), pad to 151,936, and add no BOS.
  "qwen2.5-coder": {
    base: "qwen2",
    edit: (v) => {
      QWEN25_ADDED.forEach(([text, type], i) => v.set(151_646 + i, text, type));
      v.key("tokenizer.ggml.add_bos_token", gguf.bool(false));
      v.key("general.name", gguf.string("Qwen2.5-Coder vocabulary (llama.cpp's Qwen2 vocabulary with Qwen2.5-Coder's added tokens)"));
    },
  },
  // llama.cpp's "starcoder" file is StarCoder2's (general.architecture starcoder2, <repo_name> 5,
  // <file_sep> 6); StarCoder2 GGUFs add no BOS.
  starcoder2: { base: "starcoder", edit: (v) => v.key("tokenizer.ggml.add_bos_token", gguf.bool(false)) },
  "deepseek-coder": { base: "deepseek-coder" },
  // CodeLlama (7B/13B, not -Python) is LLaMA's SentencePiece vocabulary plus 16 ids: ▁<PRE> 32007,
  // ▁<SUF> 32008, ▁<MID> 32009, ▁<EOT> 32010 (Meta's codellama tokenizer), the rest unused.
  codellama: {
    base: "llama-spm",
    edit: (v) => {
      for (let id = 32_000; id < 32_016; id++) v.append(`[PAD${id}]`, TOKEN_TYPE.userDefined);
      v.set(32_007, "▁<PRE>", TOKEN_TYPE.control);
      v.set(32_008, "▁<SUF>", TOKEN_TYPE.control);
      v.set(32_009, "▁<MID>", TOKEN_TYPE.control);
      v.set(32_010, "▁<EOT>", TOKEN_TYPE.control);
      v.key("general.name", gguf.string("CodeLlama vocabulary (llama.cpp's LLaMA SentencePiece vocabulary with CodeLlama's infilling tokens)"));
    },
  },
  // CodeGemma is Gemma's vocabulary with <|fim_prefix|> 67, <|fim_middle|> 68, <|fim_suffix|> 69,
  // <|file_separator|> 70 and turns <start_of_turn> 106, <end_of_turn> 107. llama.cpp ships Gemma 4's
  // vocabulary, whose ids 67-70 are still <unused54..57>: the FIM tokens go there, the turn tokens
  // replace Gemma 4's own (<|turn> 105, <turn|> 106). Gemma adds a BOS and no space prefix.
  codegemma: {
    base: "gemma-4",
    edit: (v) => {
      v.set(67, "<|fim_prefix|>", TOKEN_TYPE.control);
      v.set(68, "<|fim_middle|>", TOKEN_TYPE.control);
      v.set(69, "<|fim_suffix|>", TOKEN_TYPE.control);
      v.set(70, "<|file_separator|>", TOKEN_TYPE.control);
      v.set(105, "<start_of_turn>", TOKEN_TYPE.control);
      v.set(106, "<end_of_turn>", TOKEN_TYPE.control);
      v.key("tokenizer.chat_template", gguf.string(GEMMA_TEMPLATE));
      v.key("general.name", gguf.string("CodeGemma vocabulary (llama.cpp's Gemma 4 vocabulary with CodeGemma's FIM and turn tokens)"));
    },
  },
  // Granite-code uses StarCoder (1)'s tokens (<fim_prefix> 1 .. <reponame> 18) and llama.cpp's
  // "refact" pre-tokenizer, exactly the shipped Refact file; no BOS.
  "granite-code": { base: "refact", edit: (v) => v.key("tokenizer.ggml.add_bos_token", gguf.bool(false)) },
  // Codestral's control tokens [SUFFIX] and [PREFIX] (mistral-common's encode_fim: BOS [SUFFIX] S
  // [PREFIX] P) on a SentencePiece vocabulary; llama.cpp ships no Mistral vocabulary, so they are
  // appended to LLaMA's (the ids differ from Codestral's; the layout is what is tested).
  codestral: {
    base: "llama-spm",
    edit: (v) => {
      for (const text of ["[INST]", "[/INST]", "[PREFIX]", "[SUFFIX]"]) v.append(text, TOKEN_TYPE.control);
      v.key("general.name", gguf.string("Codestral-style vocabulary (LLaMA's SentencePiece vocabulary with [SUFFIX] and [PREFIX])"));
    },
  },
  qwen2: { base: "qwen2" },
  "llama-spm": { base: "llama-spm" },
};

/** Gemma (1)'s chat template, as CodeGemma's tokenizer_config.json has it. */
const GEMMA_TEMPLATE =
  "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}" +
  "{% for message in messages %}{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}" +
  "{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}";

/** Qwen2.5's added tokens from 151646 (151643-151645 are in the shipped file already). */
const QWEN25_ADDED: ReadonlyArray<[string, number]> = [
  ["<|object_ref_start|>", TOKEN_TYPE.control],
  ["<|object_ref_end|>", TOKEN_TYPE.control],
  ["<|box_start|>", TOKEN_TYPE.control],
  ["<|box_end|>", TOKEN_TYPE.control],
  ["<|quad_start|>", TOKEN_TYPE.control],
  ["<|quad_end|>", TOKEN_TYPE.control],
  ["<|vision_start|>", TOKEN_TYPE.control],
  ["<|vision_end|>", TOKEN_TYPE.control],
  ["<|vision_pad|>", TOKEN_TYPE.control],
  ["<|image_pad|>", TOKEN_TYPE.control],
  ["<|video_pad|>", TOKEN_TYPE.control],
  ["<tool_call>", TOKEN_TYPE.userDefined],
  ["</tool_call>", TOKEN_TYPE.userDefined],
  ["<|fim_prefix|>", TOKEN_TYPE.control], // 151659
  ["<|fim_middle|>", TOKEN_TYPE.control], // 151660
  ["<|fim_suffix|>", TOKEN_TYPE.control], // 151661
  ["<|fim_pad|>", TOKEN_TYPE.control], // 151662
  ["<|repo_name|>", TOKEN_TYPE.control], // 151663
  ["<|file_sep|>", TOKEN_TYPE.control], // 151664
];

/** The vocabulary arrays of a GGUF's metadata, edited in place. */
export class EditableVocab {
  constructor(readonly metadata: GgufMetadata) {}

  private array(key: string): Array<string | number> {
    const entry = this.metadata.find(([k]) => k === key);
    if (!entry || entry[1].type !== "array") throw new Error(`vocabulary has no ${key}`);
    return entry[1].value as Array<string | number>;
  }

  get tokens(): string[] {
    return this.array("tokenizer.ggml.tokens") as string[];
  }

  set(id: number, text: string, type: number): void {
    if (id >= this.tokens.length) throw new Error(`token id ${id} is past the vocabulary (${this.tokens.length})`);
    this.tokens[id] = text;
    this.array("tokenizer.ggml.token_type")[id] = type;
  }

  append(text: string, type: number): void {
    this.tokens.push(text);
    this.array("tokenizer.ggml.token_type").push(type);
    if (this.metadata.some(([k]) => k === "tokenizer.ggml.scores")) this.array("tokenizer.ggml.scores").push(0);
  }

  key(key: string, value: GgufValue): void {
    const entry = this.metadata.find(([k]) => k === key);
    if (entry) entry[1] = value;
    else this.metadata.push([key, value]);
  }
}

/** Where the vocabularies are cached: `<project>/.cache/vocabs` (LOCAL_SLM_VOCAB_DIR overrides). */
export function vocabCacheDir(): string {
  return process.env.LOCAL_SLM_VOCAB_DIR ?? join(projectRoot(), ".cache", "vocabs");
}

/** The folder holding node_modules/node-llama-cpp, from the sources (tsx) or from dist/. */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "node_modules", "node-llama-cpp"))) return dir;
    if (dirname(dir) === dir) throw new Error(`node-llama-cpp is not installed above ${__dirname}`);
  }
}

/** The path of a family's vocab-only GGUF, extracting and building it on first use. */
export async function ensureRealVocab(family: VocabFamily, cacheDir = vocabCacheDir()): Promise<string> {
  const recipe = RECIPES[family];
  if (!recipe) throw new Error(`unknown vocabulary family ${family}: one of ${VOCAB_FAMILIES.join(", ")}`);
  const out = join(cacheDir, `${family}.v${RECIPE_VERSION}.gguf`);
  if (existsSync(out)) return out;
  const base = await ensureShippedVocab(recipe.base, cacheDir);
  if (!recipe.edit) {
    await copyAtomically(base, out);
    return out;
  }
  const vocab = new EditableVocab(await readGgufMetadata(base));
  recipe.edit(vocab);
  const unique = new Set(vocab.tokens);
  if (unique.size !== vocab.tokens.length) throw new Error(`${family} vocabulary has duplicate tokens`); // llama.cpp would assert
  await writeGguf(out, { metadata: vocab.metadata, tensors: [] });
  return out;
}

/**
 * One of llama.cpp's `models/ggml-vocab-<name>.gguf`, read from node-llama-cpp's git bundle. All
 * the files the recipes use are extracted together: cloning the bundle is the slow part (~2-4 s).
 */
export async function ensureShippedVocab(name: string, cacheDir = vocabCacheDir()): Promise<string> {
  const pathOf = (n: string) => join(cacheDir, "llama.cpp", `ggml-vocab-${n}.gguf`);
  const out = pathOf(name);
  if (existsSync(out)) return out;
  await mkdir(dirname(out), { recursive: true });
  const bundle = llamaCppBundle();
  const names = [...new Set([name, ...Object.values(RECIPES).map((r) => r.base)])].filter((n) => !existsSync(pathOf(n)));
  // A bundle is not a repository: clone it (bare) into a temporary folder, then read the blobs.
  const work = await mkdtemp(join(tmpdir(), "local-slm-vocab-"));
  try {
    await run("git", ["clone", "--quiet", "--bare", bundle, join(work, "llama.git")], { maxBuffer: 1 << 20 });
    for (const n of names) {
      const { stdout } = await run("git", ["--git-dir", join(work, "llama.git"), "show", `HEAD:models/ggml-vocab-${n}.gguf`], {
        encoding: "buffer",
        maxBuffer: 64 << 20,
      });
      const tmp = `${pathOf(n)}.tmp-${process.pid}`;
      await writeFile(tmp, stdout);
      await rename(tmp, pathOf(n)); // atomic: test processes in parallel may extract the same file
    }
  } catch (error) {
    throw new Error(`Could not read ggml-vocab-${name}.gguf from ${bundle} (is git installed?): ${String(error).split("\n")[0]}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return out;
}

function llamaCppBundle(): string {
  const bundle = join(projectRoot(), "node_modules", "node-llama-cpp", "llama", "gitRelease.bundle");
  if (!existsSync(bundle)) throw new Error(`node-llama-cpp's llama.cpp source bundle is missing (${bundle})`);
  return bundle;
}

async function copyAtomically(from: string, to: string): Promise<void> {
  const { copyFile } = await import("node:fs/promises");
  const tmp = `${to}.tmp-${process.pid}`;
  await copyFile(from, tmp);
  await rename(tmp, to);
}
