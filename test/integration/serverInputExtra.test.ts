// Related files from the editor's completion session reach llama-server as input_extra, and the
// head they make stays byte-identical from keystroke to keystroke, so the server's prompt cache
// (cache_prompt, the window's own slot) keeps it: seen on the wire by a recording proxy in front of
// a real llama-server, with the server's own per-request figures (prompt_n evaluated, cache_n reused).
import assert from "node:assert/strict";
import { createCompletionSession } from "../../src/completion/completionSession";
import { DEFAULT_PIPELINE } from "../../src/completion/completionPipeline";
import { linesFromText } from "../../src/completion/context/documentLines";
import { LlamaServerEngine } from "../../src/server/llamaServerEngine";
import { CLI_OPTION_NAMES } from "../../src/server/serverTypes";
import { tinyModel } from "./fixtures";
import { LlamaServer, recordingProxy } from "./serverFixture";

const HELPERS = Array.from({ length: 12 }, (_, i) => `export function helper${i}(value: number): number {\n  return value * ${i + 2};\n}`).join("\n");
const HEAD = "import { helper1 } from './helpers';\n\n" + Array.from({ length: 10 }, (_, i) => `const item${i} = helper1(${i});`).join("\n") + "\n";
const TYPED = "const total = helper1(item3) + helper2(";

describe("related files reach llama-server's input_extra from the completion session", function () {
  this.timeout(120_000);
  let llama: LlamaServer;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let engine: LlamaServerEngine;
  before(async () => {
    llama = await LlamaServer.start({ model: await tinyModel(), slots: 2 });
    proxy = await recordingProxy(llama);
    // One slot for this "window" (as the editor's FeatureBackends does): its cache holds this file.
    engine = new LlamaServerEngine({ url: proxy.url, timeoutMs: 30_000, allowSelfSigned: false }, CLI_OPTION_NAMES, 1);
  });
  after(async () => {
    engine?.dispose();
    await proxy?.close();
    await llama?.stop();
  });

  it("sends the related file in every /infill, the same bytes each keystroke, and the server reuses its cached head", async () => {
    // No suggestion cache: every keystroke asks the server (typing into a cached suggestion would not).
    const session = createCompletionSession(engine, { pipeline: () => ({ ...DEFAULT_PIPELINE, useCache: false }) });
    const helpers = { key: "file:///w/src/helpers.ts", path: "src/helpers.ts", doc: linesFromText(HELPERS, "typescript") };
    session.viewed(helpers, 4);
    const line = HEAD.split("\n").length - 1;
    const perKeystroke: { typed: number; promptN: number; cacheN: number }[] = [];
    for (let n = 14; n <= TYPED.length; n++) {
      const current = { key: "file:///w/src/main.ts", path: "src/main.ts", doc: linesFromText(`${HEAD}${TYPED.slice(0, n)}\n`, "typescript") };
      session.edited(current, line);
      const outcome = await session.request({ doc: current.doc, position: { line, character: n }, documentKey: current.key }, undefined, { immediate: true });
      const timings = outcome.rest ? (await outcome.rest).timings : outcome.timings;
      assert.ok(timings, `keystroke ${n}: no figures from the server (${outcome.status})`);
      perKeystroke.push({ typed: n, promptN: timings.promptTokensEvaluated, cacheN: timings.promptTokensReused });
    }
    const infills = proxy.bodies.filter((b) => b.path === "/infill").map((b) => b.body);
    // At least one a keystroke (a request the scheduler aborted and started again is one more).
    assert.ok(infills.length >= perKeystroke.length, `${infills.length} /infill requests for ${perKeystroke.length} keystrokes`);
    for (const body of infills) {
      const extra = body.input_extra as { filename: string; text: string }[];
      assert.equal(extra.length, 1, JSON.stringify(extra));
      assert.equal(extra[0]!.filename, "src/helpers.ts");
      assert.match(extra[0]!.text, /export function helper\d+\(value: number\): number \{/);
      assert.equal(body.cache_prompt, true);
      assert.equal(body.id_slot, 1);
    }
    // The head: byte-identical from the first keystroke to the last.
    const heads = new Set(infills.map((b) => JSON.stringify(b.input_extra)));
    assert.equal(heads.size, 1, "input_extra changed between keystrokes");

    console.log(`      per keystroke (prompt_n evaluated / cache_n reused): ${perKeystroke.map((k) => `${k.promptN}/${k.cacheN}`).join(" ")}`);
    // Every keystroke after the first reuses the cached head and the prefix up to the edit: only a
    // few tokens at the cursor (and the suffix after it) are evaluated again.
    const [first, ...later] = perKeystroke;
    assert.ok(first!.promptN > 50, `the first request evaluates the whole prompt: ${JSON.stringify(first)}`);
    for (const k of later) {
      assert.ok(k.cacheN > first!.promptN / 2, `keystroke ${k.typed} reused only ${k.cacheN} of ${first!.promptN} tokens`);
      assert.ok(k.promptN < first!.promptN / 2, `keystroke ${k.typed} evaluated ${k.promptN} tokens again`);
    }
  });
});
