// The server backends against a real llama-server (same llama.cpp as the worker) running the tiny
// synthetic model on a loopback port: completion, text tools, streaming, cancel that reaches the
// server, the hybrid fallback when the server dies mid-request and its return, and the OpenAI and
// Ollama shapes. The text of a random model is noise, so no test looks at words.
import assert from "node:assert/strict";
import { CompletionPipeline } from "../../src/completion/completionPipeline";
import { linesFromText } from "../../src/completion/context/documentLines";
import type { EngineClient } from "../../src/host/engineClient";
import type { InfillParams } from "../../src/protocol/types";
import { detectServer } from "../../src/server/detectServer";
import { type Answered, HybridEngine } from "../../src/server/hybridEngine";
import { LlamaServerEngine } from "../../src/server/llamaServerEngine";
import { OllamaEngine } from "../../src/server/ollamaEngine";
import { OpenAiEngine } from "../../src/server/openAiEngine";
import type { SwitchState } from "../../src/server/backendSwitch";
import { CLI_OPTION_NAMES, type ServerConfig } from "../../src/server/serverTypes";
import { classifySentiment } from "../../src/text/sentiment";
import { summarizeText } from "../../src/text/summarize";
import { assertBuilt, engineFor, tinyModel } from "./fixtures";
import { LlamaServer, ollamaStandIn, openAiOnlyStandIn, type StandIn } from "./serverFixture";

const source = Array.from({ length: 60 }, (_, i) => `function step${i}(value: number): number {\n  return value + ${i};\n}\n`).join("\n");
const PARAMS: InfillParams = { prefix: "function add(a: number, b: number): number {\n  return ", suffix: "\n}\n", maxTokens: 16, temperature: 0 };
/** Long enough that it is still running when the test acts (~900 tokens/s on this server: 2000 take ~2 s), and it fits a slot's context. */
const LONG: InfillParams = { prefix: "let x = ", suffix: "", maxTokens: 2000, temperature: 0, ignoreEndOfGeneration: true };

function config(url: string, extra: Partial<ServerConfig> = {}): ServerConfig {
  return { url, timeoutMs: 30_000, allowSelfSigned: false, ...extra };
}

/** Resolves with the first streamed piece of a request. */
function firstPiece(): { onPartialText(delta: string): void; arrived: Promise<void> } {
  let resolve!: () => void;
  const arrived = new Promise<void>((r) => (resolve = r));
  return { onPartialText: () => resolve(), arrived };
}

async function until<T>(what: string, check: () => Promise<T | undefined>, limitMs = 60_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("server backends on a real llama-server", function () {
  this.timeout(120_000);
  let llama: LlamaServer;
  let model: string;
  before(async () => {
    assertBuilt();
    model = await tinyModel();
    llama = await LlamaServer.start({ model, slots: 2 });
  });
  after(() => llama?.stop());

  describe("llama-server's own API", () => {
    let engine: LlamaServerEngine;
    before(() => (engine = new LlamaServerEngine(config(llama.url), CLI_OPTION_NAMES, 1)));
    after(() => engine.dispose());

    it("is detected as llama-server", async () => {
      const found = await detectServer(config(llama.url), CLI_OPTION_NAMES);
      assert.equal(found.api, "llama-server");
      assert.deepEqual(found.models, ["tiny.gguf"]);
    });

    it("completes through the same pipeline as the local engine, from the same prompt", async () => {
      const local = engineFor(model);
      try {
        const request = { doc: linesFromText(source, "typescript"), position: { line: 100, character: 2 }, documentKey: "test://a", signal: new AbortController().signal };
        const fromServer = await engine.infill(PARAMS);
        const fromLocal = await local.infill(PARAMS);
        // The same FIM layout, token for token. (The texts part after a few tokens: node-llama-cpp's
        // prebuilt CPU kernels and this native build round differently, and a random model's
        // next-token scores are near ties.)
        assert.equal(fromServer.timings.promptTokens, fromLocal.timings.promptTokens);
        assert.equal(fromServer.timings.generatedTokens, fromLocal.timings.generatedTokens);
        const outcome = await new CompletionPipeline(engine).complete(request);
        assert.equal(outcome.source, "model");
        assert.ok(outcome.timings!.promptTokens > 100, JSON.stringify(outcome.timings));
      } finally {
        await local.dispose();
      }
    });

    it("reuses the server's prompt cache in this window's slot", async () => {
      const first = await engine.infill({ ...PARAMS, prefix: `${source}\n${PARAMS.prefix}` });
      const second = await engine.infill({ ...PARAMS, prefix: `${source}\n${PARAMS.prefix}x` });
      assert.ok(first.timings.promptTokens > 500, JSON.stringify(first.timings));
      assert.ok(second.timings.promptTokensReused > 500, `second request reused the cached prompt: ${JSON.stringify(second.timings)}`);
      assert.ok(second.timings.promptTokensEvaluated < 50, JSON.stringify(second.timings));
    });

    it("sends other files as input_extra (they reach the prompt)", async () => {
      const without = await engine.infill(PARAMS);
      const withExtra = await engine.infill({ ...PARAMS, repository: { files: [{ path: "src/util.ts", text: "export const twice = (n: number) => n * 2;\n".repeat(5) }] } });
      assert.ok(withExtra.timings.promptTokens > without.timings.promptTokens + 40, `${without.timings.promptTokens} -> ${withExtra.timings.promptTokens}`);
    });

    it("streams the text as it is generated", async () => {
      const deltas: string[] = [];
      const result = await engine.generate({ prompt: "Hello", maxTokens: 24, ignoreEndOfGeneration: true }, { onPartialText: (d) => deltas.push(d) });
      assert.ok(deltas.length > 1, `${deltas.length} pieces`);
      assert.equal(deltas.join(""), result.text);
      assert.equal(result.stopReason, "maxTokens");
      assert.equal(result.timings.generatedTokens, 24);
    });

    it("cancel reaches the server: the slot stops generating", async () => {
      const abort = new AbortController();
      const first = firstPiece();
      const pending = engine.infill(LONG, { signal: abort.signal, onPartialText: first.onPartialText });
      await first.arrived;
      abort.abort();
      const result = await pending;
      assert.equal(result.stopReason, "aborted");
      const slot = await until("the slot to stop", async () => {
        const slots = await llama.slots();
        const mine = slots.find((s) => s.id === 1)!;
        return mine.is_processing ? undefined : mine;
      });
      const decoded = slot.next_token?.[0]?.n_decoded ?? 0;
      assert.ok(decoded < LONG.maxTokens, `the server stopped after ${decoded} of ${LONG.maxTokens} tokens`);
    });

    it("runs the text tools: a streamed summary and sentiment scored from n_probs", async () => {
      const deltas: string[] = [];
      const summary = await summarizeText(engine, "The build failed twice today. The cache fixed it. Everyone is relieved.", { words: 20, onDelta: (d) => deltas.push(d) });
      assert.equal(summary.parts, 1);
      assert.equal(deltas.join("").trim(), summary.text);
      const sentiment = await classifySentiment(engine, "I love this tool, it works great.");
      const sum = Object.values(sentiment.scores).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-6, JSON.stringify(sentiment));
      assert.ok(["positive", "negative", "neutral"].includes(sentiment.label));
      // Scored, not guessed: a random model does not split its probability evenly.
      assert.notDeepEqual(Object.values(sentiment.scores).map((s) => s.toFixed(3)), ["0.333", "0.333", "0.333"]);
    });
  });

  describe("OpenAI-compatible API (llama-server's /v1 endpoints)", () => {
    let engine: OpenAiEngine;
    before(() => (engine = new OpenAiEngine(config(llama.url), CLI_OPTION_NAMES)));
    after(() => engine.dispose());

    it("renders the fill-in-the-middle prompt from the model's tokens and completes as /infill does", async () => {
      const llamaEngine = new LlamaServerEngine(config(llama.url), CLI_OPTION_NAMES);
      try {
        const viaOpenAi = await engine.infill(PARAMS);
        const viaInfill = await llamaEngine.infill(PARAMS);
        assert.equal(viaOpenAi.text, viaInfill.text);
      } finally {
        llamaEngine.dispose();
      }
    });

    it("streams chat and scores labels from log-probabilities", async () => {
      const deltas: string[] = [];
      const chat = await engine.chat({ messages: [{ role: "user", content: "Say hi" }], maxTokens: 12, ignoreEndOfGeneration: true }, { onPartialText: (d) => deltas.push(d) });
      assert.equal(deltas.join(""), chat.text);
      const sentiment = await classifySentiment(engine, "What a lovely day.");
      assert.ok(Math.abs(Object.values(sentiment.scores).reduce((a, b) => a + b, 0) - 1) < 1e-6);
    });

    it("is detected as OpenAI-compatible where only /v1 is served (like vLLM), and says which models exist", async () => {
      const vllmLike = await openAiOnlyStandIn(llama);
      try {
        const found = await detectServer(config(vllmLike.url), CLI_OPTION_NAMES);
        assert.equal(found.api, "openai");
        const wrong = new OpenAiEngine(config(vllmLike.url, { model: "gpt-4o" }), CLI_OPTION_NAMES);
        await assert.rejects(wrong.infill(PARAMS), /has no model "gpt-4o" \(it has: \S*tiny\.gguf\): change --server-model\./);
        wrong.dispose();
      } finally {
        await vllmLike.close();
      }
    });
  });

  describe("Ollama's API (a stand-in translating to this llama-server: llama-server does not serve /api/*)", () => {
    let ollama: StandIn;
    let engine: OllamaEngine;
    before(async () => {
      ollama = await ollamaStandIn(llama);
      engine = new OllamaEngine(config(ollama.url), CLI_OPTION_NAMES);
    });
    after(async () => {
      engine.dispose();
      await ollama.close();
    });

    it("is detected as Ollama", async () => {
      assert.equal((await detectServer(config(ollama.url), CLI_OPTION_NAMES)).api, "ollama");
    });

    it("completes with suffix, chats in NDJSON and scores labels", async () => {
      const viaOllama = await engine.infill(PARAMS);
      assert.ok(ollama.seen.includes("POST /api/generate"));
      assert.equal(viaOllama.stopReason === "maxTokens" || viaOllama.stopReason === "endOfGeneration", true);
      const deltas: string[] = [];
      const chat = await engine.chat({ messages: [{ role: "user", content: "Say hi" }], maxTokens: 8, ignoreEndOfGeneration: true }, { onPartialText: (d) => deltas.push(d) });
      assert.equal(deltas.join(""), chat.text);
      const sentiment = await classifySentiment(engine, "Terrible, it broke again.");
      assert.ok(Math.abs(Object.values(sentiment.scores).reduce((a, b) => a + b, 0) - 1) < 1e-6);
    });

    it("names a model Ollama does not have", async () => {
      const wrong = new OllamaEngine(config(ollama.url, { model: "codellama:7b" }), CLI_OPTION_NAMES);
      await assert.rejects(wrong.infill(PARAMS), /has no model "codellama:7b" \(it has: tiny-coder:latest\)/);
      wrong.dispose();
    });
  });

  describe("hybrid: the local model behind the server", () => {
    let local: EngineClient;
    before(async () => {
      local = engineFor(model);
      await local.ensureModel();
    });
    after(() => local.dispose());

    it("falls back when the server is killed mid-request, and returns to it when it is back", async () => {
      const server = await LlamaServer.start({ model, slots: 1 });
      const answered: Answered[] = [];
      const switches: SwitchState[] = [];
      let back!: () => void;
      const cameBack = new Promise<void>((resolve) => (back = resolve));
      const hybrid = new HybridEngine(new LlamaServerEngine(config(server.url), CLI_OPTION_NAMES, 0), () => local, {
        slowMs: 0,
        retryMs: 200,
        onAnswered: (a) => answered.push(a),
        onSwitch: (s) => (switches.push(s), s.kind === "server" && back()),
      });
      try {
        assert.ok((await hybrid.infill(PARAMS)).text !== undefined);
        assert.equal(answered.at(-1)!.by, "server");

        const first = firstPiece();
        const pending = hybrid.infill(LONG, { onPartialText: first.onPartialText });
        await first.arrived;
        await server.kill();
        const result = await pending;
        assert.equal(answered.at(-1)!.by, "local", "the local model answered the interrupted request");
        assert.match(answered.at(-1)!.why, /closed the connection|ended its answer/);
        assert.equal(result.text, (await local.infill(LONG)).text, "the local model's own answer");

        await hybrid.infill(PARAMS);
        assert.equal(answered.at(-1)!.by, "local", "stays local while the server is down");
        assert.match(answered.at(-1)!.why, /Cannot reach|closed the connection|ended its answer/);

        await server.launch();
        await cameBack;
        await hybrid.infill(PARAMS);
        assert.equal(answered.at(-1)!.by, "server", "back on the server");
        assert.deepEqual(switches.map((s) => s.kind), ["unavailable", "server"]);
      } finally {
        hybrid.dispose();
        await server.stop();
      }
    });
  });
});
