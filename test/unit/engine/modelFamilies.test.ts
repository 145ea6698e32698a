// Golden tests per code-model family on the real tokenizers: the exact FIM prompt tokens, the stop
// set, the first generated token's text and the chat prompt's BOS. The expected layouts are the
// publishers' (QwenLM's Qwen2.5-Coder examples, StarCoder2's repository format, DeepSeek-Coder's and
// CodeGemma's model cards, Meta's codellama `infilling_prompt_tokens`, mistral-common's `encode_fim`).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chatPromptTokens } from "../../../src/engine/chatPrompt";
import { infillPrompt } from "../../../src/engine/family/fimPrompt";
import { modelFamily } from "../../../src/engine/family/modelFamily";
import { stopSet } from "../../../src/engine/family/promptDescription";
import { importNodeLlamaCpp, type LlamaModel, type Token } from "../../../src/engine/nodeLlamaCpp";
import { labelLogProbs, labelSpellings } from "../../../src/engine/labelSpellings";
import { TokenText } from "../../../src/engine/tokenText";
import { writeGguf } from "../../../src/synthetic/ggufWriter";
import { readGgufMetadata } from "../../../src/synthetic/ggufReader";
import { EditableVocab, ensureRealVocab } from "../../../src/synthetic/vocabs/realVocabs";
import { vocabModel } from "./vocabModels";

const text = (model: LlamaModel, tokens: readonly Token[]) => model.detokenize(tokens, true);
const repository = { name: "demo", currentPath: "src/a.ts", files: [{ path: "src/b.ts", text: "export const y = 1;" }] };

describe("model families on the real tokenizers", function () {
  this.timeout(120_000);

  it("Qwen2.5-Coder: no BOS, PSM, repository tokens with paths, the eight stop tokens", async () => {
    const model = await vocabModel("qwen2.5-coder");
    assert.equal(modelFamily(model).spec.id, "qwen2.5-coder");
    const { tokens } = infillPrompt(model, { prefix: "const x =", suffix: "\n}", budget: 100 });
    assert.deepEqual(tokens, [151659, 1024, 856, 284, 151661, 198, 92, 151660]);
    const repo = infillPrompt(model, { prefix: "const x =", suffix: "\n}", budget: 100, repository });
    assert.equal(text(model, repo.tokens), "<|repo_name|>demo\n<|file_sep|>src/b.ts\nexport const y = 1;\n<|file_sep|>src/a.ts\n<|fim_prefix|>const x =<|fim_suffix|>\n}<|fim_middle|>");
    assert.deepEqual([repo.tokens[0], repo.tokens[3]], [151663, 151664]);
    const stops = stopSet(model).map((t) => text(model, [t]));
    for (const stop of ["<|endoftext|>", "<|im_end|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>"]) assert.ok(stops.includes(stop), stop);
    // Not end of generation for llama.cpp: only the family layer stops on them.
    for (const id of [151659, 151660, 151661]) assert.equal(model.isEogToken(id as Token), false);
  });

  it("StarCoder2: no BOS, <repo_name>/<file_sep> with the current path after <fim_prefix>, stops on <file_sep>", async () => {
    const model = await vocabModel("starcoder2");
    assert.equal(modelFamily(model).spec.id, "starcoder2");
    const { tokens } = infillPrompt(model, { prefix: "const x =", suffix: "\n}", budget: 100 });
    assert.deepEqual(tokens, [1, 931, 837, 299, 3, 222, 130, 2]);
    const repo = infillPrompt(model, { prefix: "const x =", suffix: "\n}", budget: 100, repository });
    assert.equal(text(model, repo.tokens), "<repo_name>demo<file_sep>src/b.ts\nexport const y = 1;<file_sep><fim_prefix>src/a.ts\nconst x =<fim_suffix>\n}<fim_middle>");
    assert.equal(model.isEogToken(6 as Token), false, "llama.cpp does not end generation at <file_sep>");
    assert.ok(modelFamily(model).stopTokens.has(6 as Token));
  });

  it("DeepSeek-Coder: BOS, <｜fim▁begin｜>P<｜fim▁hole｜>S<｜fim▁end｜>, no repository tokens (comments instead)", async () => {
    const model = await vocabModel("deepseek-coder");
    const { tokens } = infillPrompt(model, { prefix: "const x =", suffix: "\n}", budget: 100 });
    assert.deepEqual(tokens, [32013, 32016, 2834, 1371, 405, 32015, 185, 92, 32017]);
    const withComment = infillPrompt(model, { prefix: "const x =", suffix: "", budget: 100, repository, repositoryComment: "// Path: src/b.ts\n" });
    assert.equal(text(model, withComment.tokens), "<｜begin▁of▁sentence｜><｜fim▁begin｜>// Path: src/b.ts\nconst x =<｜fim▁hole｜><｜fim▁end｜>");
    assert.ok(stopSet(model).includes(32014 as Token));
  });

  it("CodeLlama: Meta's whitespace (prefix keeps its ▁, a suffix starting with a newline gets none), stops on ▁<EOT>", async () => {
    const model = await vocabModel("codellama");
    const { tokens } = infillPrompt(model, { prefix: "const x =", suffix: "\n}", budget: 100 });
    // <s> ▁<PRE> ▁const ▁x ▁= ▁<SUF> \n } ▁<MID>
    assert.deepEqual(tokens, [1, 32007, 1040, 921, 353, 32008, 13, 29913, 32009]);
    assert.equal(model.isEogToken(32010 as Token), false, "llama.cpp's EOG list has <EOT>, not ▁<EOT>");
    assert.ok(modelFamily(model).stopTokens.has(32010 as Token));
  });

  it("CodeGemma: BOS, PSM, stops on <|file_separator|> (not end of generation for llama.cpp)", async () => {
    const model = await vocabModel("codegemma");
    const { tokens } = infillPrompt(model, { prefix: "const x =", suffix: "\n}", budget: 100 });
    assert.equal(text(model, tokens), "<bos><|fim_prefix|>const x =<|fim_suffix|>\n}<|fim_middle|>");
    assert.deepEqual([tokens[0], tokens[1], tokens[5], tokens[8]], [2, 67, 69, 68]);
    assert.equal(model.isEogToken(70 as Token), false);
    assert.ok(stopSet(model).includes(70 as Token));
  });

  it("Granite-code (StarCoder tokens): no BOS, <fim_prefix>P<fim_suffix>S<fim_middle>", async () => {
    const model = await vocabModel("granite-code");
    const { tokens } = infillPrompt(model, { prefix: "const x =", suffix: "\n}", budget: 100 });
    assert.deepEqual(tokens, [1, 913, 816, 280, 3, 203, 111, 2]);
  });

  it("Codestral: BOS [SUFFIX] suffix [PREFIX] prefix, nothing after", async () => {
    const model = await vocabModel("codestral");
    const { tokens } = infillPrompt(model, { prefix: "const x =", suffix: "\n}", budget: 100 });
    assert.equal(text(model, tokens), "<s>[SUFFIX]\n}[PREFIX] const x =");
    assert.deepEqual(tokens.slice(2, 4), [13, 29913], "the suffix has no leading ▁");
  });

  it("a vocabulary without FIM tokens is refused with a clear message", async () => {
    const model = await vocabModel("llama-spm");
    assert.throws(() => infillPrompt(model, { prefix: "a", suffix: "b", budget: 50 }), /no fill-in-the-middle tokens/);
  });

  it("a vocabulary with FIM prefix and suffix tokens but no middle token is refused (not guessed as suffix-first)", async () => {
    // LLaMA's vocabulary plus <fim_prefix> and <fim_suffix> only: llama.cpp finds no middle token.
    const dir = mkdtempSync(join(tmpdir(), "local-slm-nomiddle-"));
    try {
      const vocab = new EditableVocab(await readGgufMetadata(await ensureRealVocab("llama-spm")));
      vocab.append("<fim_prefix>", 3);
      vocab.append("<fim_suffix>", 3);
      const path = join(dir, "no-middle.gguf");
      await writeGguf(path, { metadata: vocab.metadata, tensors: [] });
      const nlc = await importNodeLlamaCpp();
      const llama = await nlc.getLlama({ gpu: false, logLevel: nlc.LlamaLogLevel.error });
      const model = await llama.loadModel({ modelPath: path, vocabOnly: true });
      try {
        assert.equal(model.tokens.infill.middle, null);
        assert.throws(() => infillPrompt(model, { prefix: "a", suffix: "b", budget: 50 }), /prefix and suffix tokens but no middle token, and is not a known suffix-first family/);
      } finally {
        await model.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the prompt is cut from the start of the prefix, never through the FIM tokens", async () => {
    const model = await vocabModel("qwen2.5-coder");
    const { tokens } = infillPrompt(model, { prefix: "line one\n".repeat(50), suffix: "}\n".repeat(50), budget: 40 });
    assert.equal(tokens.length, 40);
    assert.equal(tokens[0], 151659);
    assert.equal(tokens.at(-1), 151660);
  });

  it("the first generated token keeps its leading space on a SentencePiece vocabulary", async () => {
    const model = await vocabModel("codellama");
    const prompt = infillPrompt(model, { prefix: "const x =", suffix: ";\n", budget: 100 });
    const output = new TokenText(model, prompt.textContext);
    output.push(995 as Token); // ▁value
    assert.equal(output.text, " value");
    const naive = new TokenText(model);
    naive.push(995 as Token);
    assert.equal(naive.text, "value", "without context the space is lost (what the issue saw)");
  });

  it("chat prompts: no BOS for ChatML (Qwen), one BOS where the template or tokenizer asks (CodeGemma, DeepSeek)", async () => {
    const nlc = await importNodeLlamaCpp();
    const qwen = await vocabModel("qwen2.5-coder");
    const q = chatPromptTokens(nlc, qwen, [{ role: "user", content: "Hi" }]).tokens;
    assert.equal(text(qwen, q), "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
    const gemma = await vocabModel("codegemma");
    const g = chatPromptTokens(nlc, gemma, [{ role: "user", content: "Hi" }]).tokens;
    assert.equal(text(gemma, g), "<bos><start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\n");
    const deepseek = await vocabModel("deepseek-coder");
    const d = chatPromptTokens(nlc, deepseek, [{ role: "user", content: "Hi" }]).tokens;
    assert.deepEqual([d[0], d.filter((t) => t === 32013).length], [32013, 1]);
  });

  it("code that contains FIM token text stays text", async () => {
    const model = await vocabModel("qwen2.5-coder");
    const { tokens } = infillPrompt(model, { prefix: 'const s = "<|fim_suffix|>";', suffix: "", budget: 100 });
    assert.equal(tokens.filter((t) => t === 151661).length, 1);
  });

  it("sentiment labels: every spelling a model may write is scored, and the first tokens still decide in one decode", async () => {
    const labels = ["positive", "negative", "neutral"];
    const cap = (p: string) => labels.map((l) => p + l[0]!.toUpperCase() + l.slice(1));
    const spellings = [labels, cap(""), labels.map((l) => ` ${l}`), cap(" ")];
    const expected: Record<string, string[]> = {
      "qwen2.5-coder": ["positive", "negative", "neutral", "Positive", "Negative", "Neutral", " positive", " negative", " neutral", " Positive", " Negative", " Neutral"],
      // SentencePiece: "positive" as the start of an answer is "pos"+"itive"; " Positive" is "▁Pos"+"itive".
      codellama: ["pos", "negative", "neut", "Pos", "N", "Ne", " positive", " negative", " neutral", " Pos", " Neg", " Ne"],
      "deepseek-coder": ["positive", "negative", "neut", "Pos", "Neg", "Ne", " positive", " negative", " neutral", " Pos", " Neg", " Ne"],
    };
    for (const [family, texts] of Object.entries(expected)) {
      const model = await vocabModel(family as "qwen2.5-coder");
      const result = labelSpellings(model, spellings);
      assert.equal(result.firstTokenDecides, true, family);
      assert.deepEqual(result.sequences.map((s) => model.detokenize(s, false, [model.tokenize(":", false)[0]!])), texts, family);
      assert.deepEqual(result.owners, [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2], family);
    }
  });

  it("a label's probability is the sum over its spellings", () => {
    const [positive, negative] = labelLogProbs([Math.log(0.2), Math.log(0.3), Math.log(0.1), -Infinity], [0, 0, 1, 1], 2);
    assert.ok(Math.abs(Math.exp(positive!) - 0.5) < 1e-12);
    assert.ok(Math.abs(Math.exp(negative!) - 0.1) < 1e-12);
  });
});
