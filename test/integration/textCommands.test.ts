// Chat and generation with the sampling options that text commands, Language Model requests and
// the CLI pass; the refusal of a prompt longer than the context; and fairness between a chat
// request (text sequence) and ghost text (completion sequence) in one worker, on the tiny model.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import type { EngineClient } from "../../src/host/engineClient";
import { EngineError, EngineErrorCode } from "../../src/protocol/errors";
import { CLI, engineFor, tinyModel } from "./fixtures";

const question = [{ role: "user" as const, content: "Explain what a linked list is." }];

describe("text commands: chat and generation with sampling options (tiny model)", function () {
  let engine: EngineClient;
  before(async () => {
    engine = engineFor(await tinyModel(), { contextSize: 4096 });
    await engine.ensureModel();
  });
  after(() => engine.dispose());

  it("top-k 1 samples like greedy decoding at any temperature; the same seed gives the same text", async () => {
    const base = { messages: question, maxTokens: 24, ignoreEndOfGeneration: true };
    const greedy = await engine.chat({ ...base, temperature: 0 });
    const topK1 = await engine.chat({ ...base, temperature: 1.5, topK: 1, seed: 7 });
    assert.equal(topK1.text, greedy.text);
    const a = await engine.chat({ ...base, temperature: 1.2, topP: 0.9, topK: 40, seed: 11 });
    const b = await engine.chat({ ...base, temperature: 1.2, topP: 0.9, topK: 40, seed: 11 });
    assert.equal(a.text, b.text, "same seed, same options, same text");
    assert.equal(a.timings.generatedTokens, 24);
  });

  it("temperature with different seeds varies the text (sampling options reach the model)", async () => {
    const texts = new Set<string>();
    for (const seed of [1, 2, 3, 4]) {
      texts.add((await engine.generate({ prompt: "Once upon a time", maxTokens: 16, temperature: 1.5, topP: 1, seed, ignoreEndOfGeneration: true, sequence: "text" })).text);
    }
    assert.ok(texts.size >= 2, `four seeds gave ${texts.size} distinct text(s)`);
  });

  it("a prompt longer than the context is refused in one line with the numbers", async () => {
    const long = "word ".repeat(5000);
    await assert.rejects(engine.chat({ messages: [{ role: "user", content: long }], maxTokens: 100 }), (error: EngineError) => {
      assert.equal(error.code, EngineErrorCode.PromptTooLong);
      assert.ok(!error.message.includes("\n"), error.message);
      assert.match(error.message, /The prompt has [\d,]+ tokens and asks for 100 more, but the context holds 4096/);
      return true;
    });
    // and the engine goes on working
    assert.equal((await engine.chat({ messages: question, maxTokens: 4, ignoreEndOfGeneration: true })).timings.generatedTokens, 4);
  });
});

describe("fairness: a chat request never makes ghost text wait for more than the chunk in flight", function () {
  // One worker, two sequences. Events arrive over one IPC channel in the order the worker sent
  // them, so their order here is the worker's order.
  let engine: EngineClient;
  before(async () => {
    engine = engineFor(await tinyModel(), { contextSize: 4096 });
    await engine.ensureModel();
  });
  after(() => engine.dispose());

  const infillParams = { prefix: "function add(a, b) {\n  return ", suffix: "\n}\n", temperature: 0, ignoreEndOfGeneration: true };
  const longChat = (n: number) => [{ role: "user" as const, content: `Summarize these notes (${n}):\n${Array.from({ length: 110 }, (_, i) => `note ${i} of ${n}: the meeting moved to Tuesday`).join("\n")}` }];

  it("a completion request arriving during a chat's prompt: at most one chat chunk completes while it runs", async () => {
    // Tried until the completion really ran while the chat's prompt was being evaluated (on a
    // busy machine the tiny model may finish the prompt before the request arrives).
    for (let attempt = 1; ; attempt++) {
      const events: string[] = [];
      let infill: Promise<unknown> | undefined;
      const chat = engine.chat(
        { messages: longChat(attempt), maxTokens: 8, ignoreEndOfGeneration: true },
        {
          onPromptProgress: () => {
            events.push("chat chunk");
            // A new prefix each attempt: a prompt already in the KV cache would report no progress.
            infill ??= engine.infill({ ...infillParams, prefix: `// try ${attempt}\n${infillParams.prefix}`, maxTokens: 48 }, { onPromptProgress: () => events.push("completion prompt") }).then(() => events.push("completion done"));
          },
        },
      );
      await chat;
      await infill;
      const start = events.indexOf("completion prompt");
      const end = events.indexOf("completion done");
      assert.ok(start >= 0 && end > start, `the completion request reported no prompt progress: ${events.join(", ")}`);
      const during = events.slice(start, end).filter((e) => e === "chat chunk").length;
      const left = events.slice(start).filter((e) => e === "chat chunk").length;
      // More than the chunk in flight left when the completion started, or there is nothing to judge.
      if (left < 2 && attempt < 8) continue;
      assert.ok(left >= 2, `no overlap in ${attempt} attempts: ${events.join(", ")}`);
      assert.ok(during <= 1, `${during} chat chunks ran while the completion request ran: ${events.join(", ")}`);
      return;
    }
  });

  it("a chat request arriving while completion runs waits for it before evaluating its prompt", async () => {
    for (let attempt = 1; ; attempt++) {
      const events: string[] = [];
      let chat: Promise<unknown> | undefined;
      const infill = engine.infill(
        { ...infillParams, prefix: `// attempt ${attempt}\n${infillParams.prefix}`, maxTokens: 1500 },
        {
          onPartialText: () => {
            if (chat) return;
            events.push("completion streaming");
            chat = engine.chat({ messages: longChat(100 + attempt), maxTokens: 4, ignoreEndOfGeneration: true }, { onPromptProgress: () => events.push("chat chunk") });
          },
        },
      ).then(() => events.push("completion done"));
      // Proof that the two overlapped: the worker reports both sequences busy at once.
      const overlapped = await waitForBothBusy(engine, infill);
      await infill;
      await chat;
      if (!overlapped && attempt < 8) continue;
      assert.ok(overlapped, `the chat never overlapped the completion in ${attempt} attempts`);
      const done = events.indexOf("completion done");
      assert.ok(done >= 0 && events.indexOf("chat chunk") > done, `a chat chunk ran before the completion ended: ${events.join(", ")}`);
      return;
    }
  });
});

async function waitForBothBusy(engine: EngineClient, until: Promise<unknown>): Promise<boolean> {
  let finished = false;
  void until.then(() => (finished = true));
  while (!finished) {
    const busy = (await engine.status())?.busy ?? [];
    if (busy.includes("completion") && busy.includes("text")) return true;
  }
  return false;
}

describe("local-slm generate: sampling options and the chat template", function () {
  const cli = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [CLI, ...args], { env: { ...process.env, LOCAL_SLM_MODEL: "" }, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
      );
    });

  it("--top-k 1 at a high temperature matches greedy; --chat uses the template (more prompt tokens)", async () => {
    const model = await tinyModel();
    const common = ["--model", model, "--threads", "1", "--max-tokens", "12", "--json", "--prompt", "Hello there"];
    const greedy = await cli(["generate", ...common]);
    const topK = await cli(["generate", ...common, "--temperature", "1.5", "--top-k", "1", "--top-p", "0.9", "--seed", "5"]);
    const chat = await cli(["generate", ...common, "--chat", "--system", "Be brief."]);
    for (const run of [greedy, topK, chat]) assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(topK.stdout).text, JSON.parse(greedy.stdout).text);
    assert.ok(JSON.parse(chat.stdout).promptTokens > JSON.parse(greedy.stdout).promptTokens + 3, "the chat template adds its role markers");
  });

  it("an out-of-range --top-p or --temperature is refused in one line naming the flag", async () => {
    const model = await tinyModel();
    for (const [flag, value, expected] of [
      ["--top-p", "1.5", /^local-slm: --top-p must be above 0 and at most 1, got 1\.5\.\n$/],
      ["--temperature", "3", /^local-slm: --temperature must be from 0 to 2, got 3\.\n$/],
      ["--top-k", "0", /--top-k must be an integer of at least 1, got "0"/],
    ] as const) {
      const run = await cli(["generate", "--model", model, "--prompt", "x", flag, value]);
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, expected);
    }
    const system = await cli(["generate", "--model", model, "--prompt", "x", "--system", "s"]);
    assert.match(system.stderr, /--system needs --chat/);
  });
});
