import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSyntheticModel } from "../../../src/synthetic/writeSyntheticModel";
import { buildLlamaVocab } from "../../../src/synthetic/tokenizer/llamaVocab";
import { BYTE_ORDER } from "../../../src/synthetic/tokenizer/byteLevel";
import { QWEN_VOCAB_SIZE, loadQwenVocab } from "../../../src/synthetic/tokenizer/qwenVocab";

const importEsm = new Function("s", "return import(s)") as (s: string) => Promise<typeof import("node-llama-cpp")>;

// The parsed metadata, loosely typed: only the keys the tests look at.
interface Meta {
  general: { architecture: string; name: string; file_type: number };
  tokenizer: { chat_template?: string; ggml: Record<string, unknown> & { tokens: string[] } };
  [arch: string]: unknown;
}

async function readMeta(path: string): Promise<{ meta: Meta; tensors: { name: string; ggmlType: number }[] }> {
  const { readGgufFileInfo } = await importEsm("node-llama-cpp");
  const info = await readGgufFileInfo(path, { logWarnings: false });
  return { meta: info.metadata as unknown as Meta, tensors: info.fullTensorInfo as unknown as { name: string; ggmlType: number }[] };
}

describe("synthetic: writeSyntheticModel", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "synthetic-model-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("is deterministic: same seed, same bytes; another seed, other bytes", async () => {
    const a = await writeSyntheticModel({ shape: "tiny", outPath: join(dir, "a.gguf"), seed: 5 });
    const b = await writeSyntheticModel({ shape: "tiny", outPath: join(dir, "b.gguf"), seed: 5 });
    const c = await writeSyntheticModel({ shape: "tiny", outPath: join(dir, "c.gguf"), seed: 6 });
    assert.ok(a.sha256 && a.sha256.length === 64);
    assert.equal(a.sha256, b.sha256);
    assert.ok(readFileSync(a.path).equals(readFileSync(b.path)));
    assert.notEqual(a.sha256, c.sha256);
    assert.equal(statSync(a.path).size, a.bytes);
    assert.ok(a.bytes < 2 * 1024 * 1024, `tiny is ${a.bytes} bytes`);
  });

  it("writes a tiny llama model node-llama-cpp parses, with FIM ids and a ChatML template", async () => {
    const { path } = await writeSyntheticModel({ shape: "tiny", outPath: join(dir, "tiny.gguf") });
    const { meta, tensors } = await readMeta(path);
    const vocab = buildLlamaVocab({ fim: true });
    const g = meta.tokenizer.ggml;
    assert.equal(meta.general.architecture, "llama");
    assert.equal(meta.general.name, "local-slm tiny (synthetic)");
    assert.equal(meta.general.file_type, 0);
    assert.equal(g.model, "llama");
    assert.equal(g.tokens.length, vocab.tokens.length);
    assert.equal(new Set(g.tokens).size, g.tokens.length, "tokens are unique");
    assert.equal(g.tokens[g.fim_pre_token_id as number], "<|fim_prefix|>");
    assert.equal(g.tokens[g.fim_suf_token_id as number], "<|fim_suffix|>");
    assert.equal(g.tokens[g.fim_mid_token_id as number], "<|fim_middle|>");
    assert.equal(g.tokens[g.fim_pad_token_id as number], "<|fim_pad|>");
    assert.equal(g.tokens[g.eos_token_id as number], "</s>");
    assert.equal(g.tokens[g.eot_token_id as number], "<|im_end|>");
    assert.equal(g.tokens[3 + 0x0a], "<0x0A>");
    assert.match(meta.tokenizer.chat_template ?? "", /<\|im_start\|>.*<\|im_end\|>/s);
    assert.equal((meta.llama as { block_count: number }).block_count, 2);
    assert.ok(tensors.some((t) => t.name === "blk.1.ffn_down.weight"));
  });

  it("every prefix of a SentencePiece word piece is a piece too", () => {
    const vocab = buildLlamaVocab({ fim: true });
    const pieces = new Set(vocab.tokens);
    for (const t of vocab.tokens) {
      if (t.startsWith("<")) continue; // control and byte tokens
      for (let i = 1; i < t.length; i++) assert.ok(pieces.has(t.slice(0, i)), `prefix of ${t}`);
    }
  });

  it("honours fim, chatTemplate, architecture and quant options", async () => {
    const { path } = await writeSyntheticModel({
      shape: "tiny",
      outPath: join(dir, "plain.gguf"),
      fim: false,
      chatTemplate: false,
      architecture: "notarealarch",
      quant: "q8_0",
    });
    const { meta, tensors } = await readMeta(path);
    assert.equal(meta.general.architecture, "notarealarch");
    assert.equal(meta.general.file_type, 7);
    assert.equal((meta.notarealarch as { block_count: number }).block_count, 2);
    assert.equal(meta.tokenizer.chat_template, undefined);
    assert.equal(meta.tokenizer.ggml.fim_pre_token_id, undefined);
    assert.ok(!meta.tokenizer.ggml.tokens.some((t) => t.includes("fim")));
    assert.equal(tensors.find((t) => t.name === "blk.0.attn_q.weight")!.ggmlType, 8); // Q8_0
    assert.equal(tensors.find((t) => t.name === "blk.0.attn_norm.weight")!.ggmlType, 0); // norms stay F32
  });

  it("writes the huge model as a sparse file declaring >= 40 GiB of weights", async () => {
    const r = await writeSyntheticModel({ shape: "huge", outPath: join(dir, "huge.gguf") });
    const st = statSync(r.path);
    assert.equal(st.size, r.bytes);
    assert.ok(r.bytes >= 40 * 2 ** 30, `declared ${r.bytes} bytes`);
    assert.ok(st.blocks * 512 < 4 * 1024 * 1024, `on disk ${st.blocks * 512} bytes`);
    const { meta } = await readMeta(r.path);
    assert.equal((meta.llama as { embedding_length: number }).embedding_length, 8192);
  });

  it("gives the Qwen shape Qwen2.5-Coder's real tokenizer: llama.cpp's Qwen2 merges and the added tokens at their ids", async () => {
    const v = await loadQwenVocab({ fim: true });
    assert.equal(v.tokens.length, QWEN_VOCAB_SIZE);
    assert.equal(new Set(v.tokens).size, QWEN_VOCAB_SIZE);
    assert.deepEqual(v.tokens.slice(0, 256), BYTE_ORDER.map((b) => b.char), "the byte alphabet first, in GPT-2 order");
    const expected: Record<number, string> = {
      151643: "<|endoftext|>", 151644: "<|im_start|>", 151645: "<|im_end|>", 151659: "<|fim_prefix|>",
      151660: "<|fim_middle|>", 151661: "<|fim_suffix|>", 151662: "<|fim_pad|>", 151663: "<|repo_name|>",
      151664: "<|file_sep|>", 151665: "[PAD151665]", 151935: "[PAD151935]",
    };
    for (const [id, text] of Object.entries(expected)) assert.equal(v.tokens[Number(id)], text);
    assert.equal(v.merges.length, 151_387);
    const noFim = await loadQwenVocab({ fim: false });
    assert.equal(noFim.tokens[151659], "<|unused_151659|>");
    assert.equal(noFim.tokens[151643], "<|endoftext|>");
  });
});
