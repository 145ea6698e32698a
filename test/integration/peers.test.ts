// The peer benchmark's strategies against a real llama-server (built from node-llama-cpp's bundled
// llama.cpp) on the tiny model, replaying real typing, and the benchmark model's statistics counted
// with the real Qwen2.5-Coder tokenizer. Policies are checked by what they send, not by speed.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSession } from "../../src/cli/bench/editingSession";
import { continuePeer, CONTINUE } from "../../src/cli/bench/peers/continuePolicy";
import { type LlamaServer, startLlamaServer } from "../../src/cli/bench/peers/llamaServerProcess";
import { LLAMA_VSCODE, llamaVscodePeer } from "../../src/cli/bench/peers/llamaVscode";
import { replayPeers, shown } from "../../src/cli/bench/peers/replayPeers";
import { importNodeLlamaCpp } from "../../src/engine/nodeLlamaCpp";
import { countCodeStatistics } from "../../src/synthetic/codeStatistics";
import { ensureRealVocab } from "../../src/synthetic/vocabs/realVocabs";
import { ROOT, tinyModel } from "./fixtures";
import { assertLlamaServerBuilt, LLAMA_SERVER } from "./serverFixture";

const SESSION_FILES = join(ROOT, "src/cli/bench/session-files");
// Two lines of one file typed back: about 80 keystrokes over 15 s.
const session = buildSession(SESSION_FILES, [{ file: "inventory.ts", startLine: 42, lines: 2 }]);

describe("peer strategies against llama-server", function () {
  this.timeout(600_000);
  let server: LlamaServer;

  before(async () => {
    assertLlamaServerBuilt();
    server = await startLlamaServer({ binary: LLAMA_SERVER, model: await tinyModel(), threads: 1, contextSize: 4096 });
  });
  after(async () => server?.stop());

  it("llama.vscode: whole-file prompts with its limits, answers from the model or its cache, nothing shown from nowhere", async () => {
    const strategy = llamaVscodePeer(server);
    let run;
    try {
      run = await replayPeers(session, strategy);
    } finally {
      await strategy.dispose();
    }
    const completions = strategy.requests.filter((r) => r.kind === "completion");
    assert.ok(completions.length > 0, "it asked the server");
    // One request at a time, never aborted: every request the server started, it finished (timings reported).
    for (const r of completions) {
      assert.ok(r.timings.promptTokens > 100, `the prompt holds the file around the cursor (${r.timings.promptTokens} tokens)`);
      assert.ok(r.timings.generatedTokens <= LLAMA_VSCODE.n_predict);
    }
    const ids = new Set(strategy.requests.map((r) => r.id));
    for (const a of run.answers.filter((x) => x.text !== "")) assert.ok(ids.has(a.requestId!), "every suggestion names the request it came from");
    // No debounce: on this fast model, a request for nearly every keystroke (one waits for another to end, or is cancelled).
    assert.ok(completions.length <= session.length && completions.length > session.length / 2, `${completions.length} requests for ${session.length} keystrokes`);
  });

  it("Continue: a request only after 350 ms without a keystroke, with a pruned prompt", async () => {
    const strategy = continuePeer(server);
    let run;
    try {
      run = await replayPeers(session, strategy);
    } finally {
      await strategy.dispose();
    }
    const pauses = session.filter((k, i) => i === session.length - 1 || session[i + 1]!.atMs - k.atMs >= CONTINUE.debounceDelay).length;
    const completions = strategy.requests.filter((r) => r.kind === "completion");
    assert.ok(completions.length > 0, "it asked the server");
    assert.ok(completions.length <= pauses, `${completions.length} requests, ${pauses} pauses of 350 ms or more`);
    // The prompt keeps about 920 characters before the cursor and 610 after: well under the whole file.
    const whole = await server.http.json<{ tokens: number[] }>({ method: "POST", path: "/tokenize", body: { content: session.at(-1)!.text } });
    for (const r of completions.filter((x) => x.timings.promptTokens > 0)) assert.ok(r.timings.promptTokens < whole.tokens.length * 0.8, `prompt of ${r.timings.promptTokens} tokens, file ${whole.tokens.length}`);
    assert.ok(shown(run).every((a) => a.source === "cache" || completions.some((r) => r.id === a.requestId)));
  });
});

describe("benchmark model statistics (real Qwen2.5-Coder tokenizer)", function () {
  this.timeout(300_000);

  it("counts code bigrams and FIM examples: <|fim_middle|> has its own class and middles end in <|endoftext|>", async () => {
    const dir = mkdtempSync(join(tmpdir(), "code-stats-"));
    try {
      // The session files stand in for node_modules: real code, written by hand (.ts only is read).
      copyFileSync(join(SESSION_FILES, "inventory.ts"), join(dir, "inventory.ts"));
      copyFileSync(join(ROOT, "src/cli/bench/editingSession.ts"), join(dir, "editingSession.ts"));
      const nlc = await importNodeLlamaCpp();
      const llama = await nlc.getLlama({ gpu: false, build: "never", logLevel: nlc.LlamaLogLevel.error });
      const vocab = await llama.loadModel({ modelPath: await ensureRealVocab("qwen2.5-coder"), vocabOnly: true });
      try {
        const fimMiddle = vocab.tokenize("<|fim_middle|>", true)[0] as number;
        const endOfText = vocab.tokenize("<|endoftext|>", true)[0] as number;
        const options = { root: dir, maxChars: 1_000_000, seed: 3, vocabSize: 151_665, fineClasses: 768, coarseClasses: 128 };
        const stats = await countCodeStatistics(vocab, options);
        assert.equal(stats.files, 2);
        assert.ok(stats.fimExamples > 20, `${stats.fimExamples} FIM examples`);
        assert.equal(stats.fineTokens[1], fimMiddle);
        assert.ok(stats.fineNext[1]!.size > 10, "many different first tokens of a middle");
        const endings = stats.fineNext.reduce((n, m) => n + (m.get(endOfText) ?? 0), 0);
        assert.equal(endings, stats.fimExamples * 3, "every FIM example ends in <|endoftext|> (counted three times)");
        const again = await countCodeStatistics(vocab, options);
        assert.deepEqual(again.fineTokens, stats.fineTokens, "the same corpus and seed give the same classes");
      } finally {
        await vocab.dispose();
        await llama.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
