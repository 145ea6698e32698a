// Continue's autocomplete policy against llama-server, read from continuedev/continue at commit
// d0a3c0b (2026-06-18, VS Code extension 1.3.40):
// - core/util/parameters.ts DEFAULT_AUTOCOMPLETE_OPTS: debounceDelay 350, maxPromptTokens 1024,
//   prefixPercentage 0.3, maxSuffixPercentage 0.2, modelTimeout 150, useCache true, transform true,
//   multilineCompletions "auto".
// - core/autocomplete/util/AutocompleteDebouncer.ts: a request waits debounceDelay; a newer one
//   supersedes it.
// - core/autocomplete/util/HelperVars.ts prunePrefixSuffix: the prefix keeps its last lines within
//   maxPromptTokens x prefixPercentage tokens, the suffix its first lines within
//   min(maxPromptTokens - prefix tokens, maxSuffixPercentage x maxPromptTokens).
// - core/autocomplete/templating/AutocompleteTemplate.ts: Qwen coder models get
//   "<|fim_prefix|>{prefix}<|fim_suffix|>{suffix}<|fim_middle|>" (the multi-file form only adds
//   <|repo_name|>/<|file_sep|> snippets, left out here: it would only make Continue's prompts longer)
//   with stop tokens <|endoftext|>, <|fim_*|>, <|repo_name|>, <|file_sep|>, <|im_start|>, <|im_end|>.
// - core/llm/llms/LlamaCpp.ts: POST /completion {prompt, stream: true, n_predict, stop, ...}: the
//   prompt is rendered by the client, the server's cache_prompt default applies.
// - core/autocomplete/CompletionProvider.ts + util/AutocompleteLruCache.ts: a cache keyed by the
//   pruned prefix; a hit is the longest cached prefix of the current one whose completion starts
//   with what was typed since.
// - core/autocomplete/generation/GeneratorReuseManager.ts: a request whose prefix extends the
//   pending request's prefix plus what it generated so far reuses that stream instead of asking again.
// - core/autocomplete/generation/utils.ts stopAfterMaxProcessingTime: the stream is stopped after
//   modelTimeout x 2.5 = 375 ms (checked every 10 chunks); classification/shouldCompleteMultiline.ts:
//   mid-line (the suffix does not start with a newline) is single-line: the stream stops at the first
//   newline (streamTransforms/lineStream.ts).
// - extensions/vscode/src/autocomplete/completionProvider.ts: VS Code's cancellation aborts the
//   request's signal (the shared stream itself runs on for reuse until a new one replaces it).
// Token counts use 3 characters per token (Continue counts with its own tokenizer).
import { waitUnlessAborted } from "../../../completion/scheduling/adaptiveDebounce";
import type { Keystroke } from "../editingSession";
import type { LlamaServer } from "./llamaServerProcess";
import { type ModelRequest, newRequestId, NOTHING, type PeerAnswer, type PeerStrategy } from "./peerStrategy";
import { benchSampling } from "../sampling";
import { type ServerAnswer, serverTimings } from "./serverTimings";

export const CONTINUE = {
  debounceDelay: 350,
  maxPromptTokens: 1024,
  prefixPercentage: 0.3,
  maxSuffixPercentage: 0.2,
  modelTimeout: 150,
  charsPerToken: 3,
  /** Continue sends the autocomplete model's maxTokens; none is set by default, so the time limit and line stops end generation. */
  n_predict: 256,
} as const;

const STOP = ["<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>", "<|im_start|>", "<|im_end|>"];

/** One streamed request: its text so far, shared by requests that reuse it. */
interface Stream {
  prefix: string;
  text: string;
  done: Promise<void>;
  abort: AbortController;
  requestId: number;
}

export function continuePeer(server: LlamaServer): PeerStrategy {
  const requests: ModelRequest[] = [];
  const cache = new Map<string, { completion: string; requestId: number }>();
  const running = new Set<Promise<unknown>>();
  let latestKeystroke = 0;
  let cancelPrevious: (() => void) | undefined;
  let current: Stream | undefined;

  const track = <T>(p: Promise<T>) => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
    return p;
  };

  const startStream = (prefix: string, prompt: string, multiline: boolean): Stream => {
    current?.abort.abort();
    const abort = new AbortController();
    const requestId = newRequestId();
    const stream: Stream = { prefix, text: "", abort, requestId, done: Promise.resolve() };
    const started = performance.now();
    let chunks = 0;
    let final: ServerAnswer | undefined;
    stream.done = server.http
      .request({
        method: "POST",
        path: "/completion",
        body: { prompt, stream: true, n_predict: CONTINUE.n_predict, stop: STOP, ...benchSampling(prompt) },
        signal: abort.signal,
        onLine: (line) => {
          if (!line.startsWith("data: ")) return;
          const event = JSON.parse(line.slice(6)) as ServerAnswer & { stop?: boolean };
          if (event.stop) final = event;
          if (event.content) stream.text += event.content;
          // Single-line: the line stream ends at the first newline (a full stop of the generator).
          if (!multiline && /\n/.test(stream.text.replace(/^\n+/, ""))) abort.abort();
          // stopAfterMaxProcessingTime: every 10 chunks, stop past modelTimeout x 2.5.
          if (++chunks % 10 === 0 && performance.now() - started > CONTINUE.modelTimeout * 2.5) abort.abort();
        },
      })
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        // A stopped stream reports no timings: its compute is the time it ran (one slot, so the server was busy with it).
        const timings = final
          ? serverTimings(final)
          : { promptTokens: 0, promptTokensEvaluated: 0, promptTokensReused: 0, generatedTokens: chunks, promptMs: 0, generationMs: 0, totalMs: performance.now() - started };
        requests.push({ id: requestId, kind: "completion", computeMs: timings.totalMs, timings, finished: final !== undefined });
      });
    track(stream.done);
    current = stream;
    return stream;
  };

  const complete = async (k: Keystroke, signal: { cancelled: boolean }, index: number): Promise<PeerAnswer | undefined> => {
    await waitUnlessAborted(CONTINUE.debounceDelay, new AbortController().signal);
    if (index !== latestKeystroke) return undefined; // debounced away
    const { prefix, suffix } = prunedPrefixSuffix(k);
    const hit = cacheLookup(cache, prefix);
    if (hit) return { text: hit.completion, source: "cache", requestId: hit.requestId };
    const multiline = suffix.startsWith("\n") || suffix === "";
    const prompt = `<|fim_prefix|>${prefix}<|fim_suffix|>${suffix === "" ? "\n" : suffix}<|fim_middle|>`;
    // GeneratorReuseManager: the pending stream still fits what the user typed since it started.
    const reuse = current && current.prefix.length <= prefix.length && (current.prefix + current.text).startsWith(prefix) && !current.abort.signal.aborted;
    const stream = reuse ? current! : startStream(prefix, prompt, multiline);
    const typedSince = prefix.slice(stream.prefix.length);
    await stream.done;
    if (signal.cancelled) return undefined;
    let completion = stream.text.slice(typedSince.length);
    if (!multiline) completion = completion.replace(/^\n+/, "").split("\n")[0]!;
    completion = completion.trimEnd();
    if (completion.trim() === "" || suffix.startsWith(completion)) return { ...NOTHING };
    cache.set(prefix, { completion, requestId: stream.requestId });
    return { text: completion, source: "model", requestId: stream.requestId };
  };

  let index = 0;
  return {
    name: "continue",
    pid: server.pid,
    requests,
    keystroke(k) {
      cancelPrevious?.();
      const signal = { cancelled: false };
      cancelPrevious = () => (signal.cancelled = true);
      latestKeystroke = ++index;
      return track(complete(k, signal, index));
    },
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    dispose: async () => current?.abort.abort(),
  };
}

export function cacheLookup(cache: Map<string, { completion: string; requestId: number }>, prefix: string): { completion: string; requestId: number } | undefined {
  let best: string | undefined;
  for (const key of cache.keys()) if (prefix.startsWith(key) && (best === undefined || key.length > best.length)) best = key;
  if (best === undefined) return undefined;
  const entry = cache.get(best)!;
  const typed = prefix.slice(best.length);
  if (!entry.completion.startsWith(typed) || entry.completion.length === typed.length) return undefined;
  return { completion: entry.completion.slice(typed.length), requestId: entry.requestId };
}

/** HelperVars.prunePrefixSuffix: whole lines, from the top of the prefix and the bottom of the suffix. */
export function prunedPrefixSuffix(k: Keystroke): { prefix: string; suffix: string } {
  const lines = k.text.split("\n");
  const fullPrefix = [...lines.slice(0, k.line), (lines[k.line] ?? "").slice(0, k.character)].join("\n");
  const fullSuffix = [(lines[k.line] ?? "").slice(k.character), ...lines.slice(k.line + 1)].join("\n");
  const tokens = (s: string) => Math.ceil(s.length / CONTINUE.charsPerToken);
  const prefixLines = fullPrefix.split("\n");
  while (prefixLines.length > 1 && tokens(prefixLines.join("\n")) > CONTINUE.maxPromptTokens * CONTINUE.prefixPercentage) prefixLines.shift();
  const prefix = prefixLines.join("\n");
  const maxSuffix = Math.min(CONTINUE.maxPromptTokens - tokens(prefix), CONTINUE.maxSuffixPercentage * CONTINUE.maxPromptTokens);
  const suffixLines = fullSuffix.split("\n");
  while (suffixLines.length > 1 && tokens(suffixLines.join("\n")) > maxSuffix) suffixLines.pop();
  return { prefix, suffix: suffixLines.join("\n") };
}
