// Why does node-llama-cpp's prebuilt binary generate more slowly than llama-server built from the same
// llama.cpp source? Measures generation tok/s on one model and thread count, one variable at a time:
//  - node-llama-cpp called directly (as the worker does): greedy; temperature 1 with top-k 40 (the
//    engine's default chain: top-k first, so no full-vocabulary softmax); temperature 1 over the whole
//    vocabulary (top-k 0); flash attention on; a larger batch;
//  - llama-server (.cache/llama-server/bin, built by scripts/llama-server/build.sh) /completion,
//    greedy and temperature 1, `timings.predicted_per_second`.
// Every measurement: a 200-token code prompt, then N generated tokens with end of generation ignored.
// Usage: node scripts/generation-gap.mjs MODEL [--threads 2] [--tokens 128] [--runs 3] [--only direct|server]
//   [--nlc DIR]: node-llama-cpp from DIR/node_modules instead of the project's (another version's prebuilt binary)
//   [--variant TEXT]: only the variant named TEXT (e.g. "greedy", or "greedy, flash attention")
//   [--server-args="..."]: more llama-server arguments (e.g. --server-args="-fa off")
// The host's speed drifts by up to 30% between minutes here: compare in rounds that alternate, e.g.
//   for r in 1 2 3; do node scripts/generation-gap.mjs M --only direct --variant greedy --runs 2;
//   node scripts/generation-gap.mjs M --only server --variant greedy --runs 2; done
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { threads: { type: "string", default: "2" }, tokens: { type: "string", default: "128" }, runs: { type: "string", default: "3" }, only: { type: "string" }, nlc: { type: "string" }, variant: { type: "string" }, "server-args": { type: "string" } },
});
const model = resolve(positionals[0] ?? ".cache/models/qwen2.5-coder-0.5b-q8_0.gguf");
const threads = Number(values.threads);
const tokens = Number(values.tokens);
const runs = Number(values.runs);
const PROMPT = Array.from({ length: 12 }, (_, i) => `export function handle${i}(request: Request): Response {\n  const body = parse(request.body);\n  return respond(body, ${i});\n}\n`).join("\n");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = {};

if (values.only !== "server") {
  const nlc = values.nlc ? await import(pathToFileURL(join(resolve(values.nlc), "node_modules/node-llama-cpp/dist/index.js")).href) : await import("node-llama-cpp");
  const version = JSON.parse(await (await import("node:fs/promises")).readFile(join(values.nlc ? resolve(values.nlc) : ".", "node_modules/node-llama-cpp/package.json"), "utf8")).version;
  process.stderr.write(`node-llama-cpp ${version}\n`);
  out.nodeLlamaCpp = version;
  const llama = await nlc.getLlama({ gpu: false, maxThreads: threads, build: "never", logLevel: nlc.LlamaLogLevel.error });
  process.stderr.write(`binary: ${llama.buildType} (${llama.llamaCppRelease?.release ?? "?"})\n`);
  out.binary = llama.buildType;
  const m = await llama.loadModel({ modelPath: model, gpuLayers: 0 });
  const variants = [
    ["greedy", {}, { temperature: 0 }],
    ["temperature 1, top-k 40", {}, { temperature: 1, topK: 40, topP: 0.95, seed: 1 }],
    ["temperature 1, top-k 0 (whole vocabulary)", {}, { temperature: 1, topK: 0, topP: 1, seed: 1 }],
    ["greedy, flash attention", { flashAttention: true }, { temperature: 0 }],
    ["greedy, batch 2048", { batchSize: 2048 }, { temperature: 0 }],
  ];
  for (const [name, contextOptions, sampling] of variants.filter(([name]) => (values.variant === undefined || name === values.variant))) {
    const context = await m.createContext({ contextSize: 4096, sequences: 1, threads, ...contextOptions });
    const sequence = context.getSequence();
    const speeds = [];
    for (let run = 0; run < runs; run++) {
      await sequence.clearHistory();
      const prompt = m.tokenize(`// run ${run}\n${PROMPT}`);
      await sequence.evaluateWithoutGeneratingNewTokens(prompt.slice(0, -1));
      const generator = sequence.evaluate(prompt.slice(-1), { ...sampling, yieldEogToken: true });
      await generator.next();
      const started = performance.now();
      for (let i = 0; i < tokens; i++) await generator.next();
      speeds.push(tokens / ((performance.now() - started) / 1000));
      await generator.return();
    }
    out[`direct: ${name}`] = Math.round(median(speeds) * 10) / 10;
    process.stderr.write(`direct ${name}: ${speeds.map((s) => s.toFixed(1)).join(" ")} tok/s\n`);
    await context.dispose();
  }
  await m.dispose();
  await llama.dispose();
}

if (values.only !== "direct") {
  const binary = resolve(".cache/llama-server/bin/llama-server");
  if (!existsSync(binary)) throw new Error(`${binary} is missing: bash scripts/llama-server/build.sh`);
  const port = 21_000 + (process.pid % 10_000);
  const child = spawn(binary, ["-m", model, "--host", "127.0.0.1", "--port", String(port), "-c", "4096", "-np", "1", "-t", String(threads), "-tb", String(threads), "-ngl", "0", "--no-webui", ...(values["server-args"]?.split(/\s+/).filter(Boolean) ?? [])], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.setEncoding("utf8").on("data", (c) => (log = (log + c).slice(-3000)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`llama-server exited: ${log}`);
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 600) throw new Error("llama-server not ready");
    await new Promise((r) => setTimeout(r, 500));
  }
  const fa = /flash_attn\s*=\s*(\w+)/.exec(log)?.[1];
  process.stderr.write(`llama-server ready (flash_attn in its log: ${fa ?? "not printed"})\n`);
  for (const [name, sampling] of [["greedy", { temperature: 0, top_k: 1 }], ["temperature 1 (default chain: top-k 40 first)", { temperature: 1, seed: 1 }]].filter(([name]) => (values.variant === undefined || name === values.variant))) {
    const speeds = [];
    for (let run = 0; run < runs; run++) {
      const response = await fetch(`${url}/completion`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ prompt: `// run ${run}\n${PROMPT}`, n_predict: tokens, ignore_eos: true, cache_prompt: false, ...sampling }),
      }).then((r) => r.json());
      speeds.push(response.timings.predicted_per_second);
    }
    out[`llama-server: ${name}`] = Math.round(median(speeds) * 10) / 10;
    process.stderr.write(`llama-server ${name}: ${speeds.map((s) => s.toFixed(1)).join(" ")} tok/s\n`);
  }
  child.kill("SIGTERM");
}
console.log(JSON.stringify({ model, threads, tokens, runs, tokPerSecond: out }, null, 2));
