// llama.vscode's completion client policy against llama-server, read from ggml-org/llama.vscode
// v0.0.63 (commit 3938fb3, 2026-08-19):
// - src/completion.ts getCompletionItems: called per keystroke (VS Code cancels the previous call);
//   debounce_ms 0; while a request is in progress, wait in 150 ms steps (DELAY_BEFORE_COMPL_REQUEST,
//   src/configuration.ts), giving up when cancelled; no abort of a request already sent; skip when
//   the text after the cursor is longer than max_line_suffix (8); prefix n_prefix (256) lines,
//   suffix n_suffix (64) lines; the typed part of the line goes as `prompt` ("" when only
//   indentation); an LRU result cache keyed by prefix|suffix|prompt that also serves a cached
//   completion the user is typing along (getCachedCompletion); discard rules (shouldDiscardSuggestion)
//   and updateSuggestion; after a shown suggestion, when the line's suffix is empty,
//   cacheFutureSuggestion asks the server for the suggestion after accepting this one (a speculative
//   request) and cacheFutureAcceptLineSuggestion caches the rest of a multi-line one.
// - src/llama-server.ts createRequestPayload: POST /infill {input_prefix, input_suffix, input_extra,
//   prompt, n_predict 128, top_k 40, top_p 0.99, stream false, samplers [top_k, top_p, infill],
//   cache_prompt true, n_indent, t_max_prompt_ms 500, t_max_predict_ms 500} (package.json defaults
//   of v0.0.63: n_predict 128, t_max_prompt_ms 500, t_max_predict_ms 500; updateExtraContext sends
//   the same with n_predict 0 to prime the server with the ring buffer).
// - src/extra-context.ts: the ring buffer of extra context (ring_n_chunks 16 chunks of
//   ring_chunk_size 64 lines, ring_scope 1024, ring_update_ms 1000): after a completion,
//   addFimContextChunks queues chunks from far above and below the cursor when it moved more than
//   32 lines (MAX_LAST_PICK_LINE_DISTANCE); every second, when 3 s passed since the last completion
//   (RING_UPDATE_MIN_TIME_LAST_COMPL), one queued chunk joins the ring and the server is primed.
// Not modelled: VS Code's own scheduling of provider calls (the same for every strategy here) and
// RAG/chat features that are off by default.
import { createHash } from "node:crypto";
import { waitUnlessAborted } from "../../../completion/scheduling/adaptiveDebounce";
import type { Keystroke } from "../editingSession";
import type { LlamaServer } from "./llamaServerProcess";
import { type ModelRequest, newRequestId, NOTHING, type PeerAnswer, type PeerStrategy } from "./peerStrategy";
import { benchSampling } from "../sampling";
import { type ServerAnswer, serverTimings } from "./serverTimings";

export const LLAMA_VSCODE = {
  n_prefix: 256,
  n_suffix: 64,
  n_predict: 128,
  t_max_prompt_ms: 500,
  t_max_predict_ms: 500,
  max_line_suffix: 8,
  ring_n_chunks: 16,
  ring_chunk_size: 64,
  ring_scope: 1024,
  ring_update_ms: 1000,
  DELAY_BEFORE_COMPL_REQUEST: 150,
  RING_UPDATE_MIN_TIME_LAST_COMPL: 3000,
  MAX_LAST_PICK_LINE_DISTANCE: 32,
  MAX_QUEUED_CHUNKS: 16,
  max_cache_keys: 250,
} as const;

interface Chunk {
  text: string;
  time: number;
  filename: string;
}

/**
 * "asShipped": llama.vscode's payload as it is. "plainSampling": the same policy with its `infill`
 * sampler replaced by temperature, as every other strategy here samples. Why: llama.cpp's infill
 * sampler (src/llama-sampler.cpp, llama_sampler_infill_apply) returns end-of-generation whenever
 * 3 x P(EOG) x candidates > P(text) (40 candidates after top_k 40: P(EOG) above ~1/120 of the
 * text's); the benchmark model's flat statistics hit that at the first token of nearly every
 * request (a confident real model rarely does), so as shipped it shows nothing and its scheduling
 * (no debounce, one request at a time, no abort, 320 lines per request) could not be compared.
 */
export type LlamaVscodeVariant = "asShipped" | "plainSampling";

export function llamaVscodePeer(server: LlamaServer, variant: LlamaVscodeVariant = "asShipped"): PeerStrategy {
  const requests: ModelRequest[] = [];
  const cache = new Map<string, { completion: string; requestId: number }>();
  const running = new Set<Promise<unknown>>();
  let inProgress = false;
  let cancelPrevious: (() => void) | undefined;
  const chunks: Chunk[] = [];
  const queued: Chunk[] = [];
  let lastLinePick = -9999;
  let lastComplStartTime = performance.now();

  const track = <T>(p: Promise<T>) => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
    return p;
  };
  const hash = (s: string) => createHash("sha256").update(s).digest("hex");
  const put = (key: string, value: { completion: string; requestId: number }) => {
    cache.delete(key);
    cache.set(key, value);
    while (cache.size > LLAMA_VSCODE.max_cache_keys) cache.delete(cache.keys().next().value!);
  };

  const infill = async (kind: ModelRequest["kind"], body: Record<string, unknown>): Promise<{ content: string; requestId: number }> => {
    const requestId = newRequestId();
    const answer = await server.http.json<ServerAnswer>({ method: "POST", path: "/infill", body: { ...body, ...benchSampling(JSON.stringify(body)) } });
    const timings = serverTimings(answer);
    requests.push({ id: requestId, kind, computeMs: timings.totalMs, timings, finished: true });
    return { content: answer.content ?? "", requestId };
  };
  const payload = (inputPrefix: string, inputSuffix: string, prompt: string, nindent: number) => ({
    input_prefix: inputPrefix,
    input_suffix: inputSuffix,
    input_extra: chunks.map((c) => ({ text: c.text, time: c.time, filename: c.filename })),
    prompt,
    n_predict: LLAMA_VSCODE.n_predict,
    top_k: 40,
    top_p: 0.99,
    stream: false,
    samplers: variant === "asShipped" ? ["top_k", "top_p", "infill"] : ["top_k", "top_p", "temperature"],
    cache_prompt: true,
    ...(nindent ? { n_indent: nindent } : {}),
    t_max_prompt_ms: LLAMA_VSCODE.t_max_prompt_ms,
    t_max_predict_ms: LLAMA_VSCODE.t_max_predict_ms,
  });

  // periodicRingBufferUpdate (every ring_update_ms).
  const ringTimer = setInterval(() => {
    if (queued.length === 0 || performance.now() - lastComplStartTime < LLAMA_VSCODE.RING_UPDATE_MIN_TIME_LAST_COMPL) return;
    chunks.push(queued.shift()!);
    while (chunks.length > LLAMA_VSCODE.ring_n_chunks) chunks.shift();
    const body = { input_prefix: "", input_suffix: "", input_extra: chunks.map((c) => ({ text: c.text, time: c.time, filename: c.filename })), prompt: "", n_predict: 0, samplers: [], cache_prompt: true, t_max_prompt_ms: LLAMA_VSCODE.t_max_prompt_ms, t_max_predict_ms: 1 };
    track(infill("context", body).catch(() => undefined));
  }, LLAMA_VSCODE.ring_update_ms);

  const pickChunk = (lines: string[], filename: string) => {
    if (lines.length < 3) return;
    // The extension picks a random window of half a chunk from longer ranges; the first one here (fixed seed).
    const picked = lines.length + 1 < LLAMA_VSCODE.ring_chunk_size ? lines : lines.slice(0, LLAMA_VSCODE.ring_chunk_size / 2);
    if (queued.length >= LLAMA_VSCODE.MAX_QUEUED_CHUNKS) queued.shift();
    queued.push({ text: `${picked.join("\n")}\n`, time: Date.now(), filename });
  };

  const getCompletionItems = async (k: Keystroke, cancelled: () => boolean): Promise<PeerAnswer | undefined> => {
    while (inProgress) {
      await waitUnlessAborted(LLAMA_VSCODE.DELAY_BEFORE_COMPL_REQUEST, new AbortController().signal);
      if (cancelled()) return undefined;
    }
    inProgress = true;
    lastComplStartTime = performance.now();
    try {
      const lines = k.text.split("\n");
      const prefixLines = lines.slice(Math.max(0, k.line - LLAMA_VSCODE.n_prefix), k.line);
      const suffixLines = lines.slice(k.line + 1, k.line + 1 + LLAMA_VSCODE.n_suffix);
      const lineText = lines[k.line] ?? "";
      const linePrefix = lineText.slice(0, k.character);
      const lineSuffix = lineText.slice(k.character);
      const nindent = lineText.length - lineText.trimStart().length;
      if (lineSuffix.length > LLAMA_VSCODE.max_line_suffix) return { ...NOTHING };
      const onlySpaces = /^[ \t]*$/.test(linePrefix);
      const prompt = onlySpaces ? "" : linePrefix;
      const inputPrefix = `${prefixLines.join("\n")}\n`;
      const inputSuffix = `${lineSuffix}\n${suffixLines.join("\n")}\n`;

      let served = cached(inputPrefix, inputSuffix, prompt);
      const fromCache = served !== undefined;
      if (!served) {
        if (cancelled()) return undefined;
        const { content, requestId } = await infill("completion", payload(inputPrefix, inputSuffix, prompt, nindent));
        served = { completion: content, requestId };
      }
      if (served.completion.trim() === "") return { ...NOTHING };
      const suggestionLines = removeTrailingNewLines(served.completion.split(/\r?\n/));
      if (shouldDiscard(suggestionLines, lines, k.line, linePrefix, lineSuffix)) return { ...NOTHING };
      const completion = updateSuggestion(suggestionLines, lineSuffix);
      if (!fromCache) put(hash(`${inputPrefix}|${inputSuffix}|${prompt}`), { completion, requestId: served.requestId });

      // Run after the suggestion is shown (setTimeout 0 in the extension).
      setTimeout(() => {
        if (!cancelled() && lineSuffix.trim() === "") {
          track(cacheFutureSuggestion(inputPrefix, inputSuffix, prompt, suggestionLines).catch(() => undefined));
          cacheFutureAcceptLineSuggestion(inputPrefix, inputSuffix, prompt, suggestionLines, served!.requestId);
        }
        if (!cancelled() && Math.abs(k.line - lastLinePick) > LLAMA_VSCODE.MAX_LAST_PICK_LINE_DISTANCE) {
          pickChunk(lines.slice(Math.max(0, k.line - LLAMA_VSCODE.ring_scope), Math.max(0, k.line - LLAMA_VSCODE.n_prefix) + 1), k.file);
          const from = Math.min(lines.length - 1, k.line + LLAMA_VSCODE.n_suffix);
          pickChunk(lines.slice(from, Math.min(lines.length - 1, from + LLAMA_VSCODE.ring_chunk_size) + 1), k.file);
          lastLinePick = k.line;
        }
      }, 0);
      const spacesToRemove = onlySpaces ? linePrefix.length : 0;
      return { text: removeLeadingSpaces(completion, spacesToRemove), source: fromCache ? "cache" : "model", requestId: served.requestId };
    } finally {
      inProgress = false;
    }
  };

  function cached(inputPrefix: string, inputSuffix: string, prompt: string): { completion: string; requestId: number } | undefined {
    const exact = cache.get(hash(`${inputPrefix}|${inputSuffix}|${prompt}`));
    if (exact) return exact;
    for (let i = prompt.length; i >= 0; i--) {
      const hit = cache.get(hash(`${inputPrefix}|${inputSuffix}|${prompt.slice(0, i)}`));
      const typed = prompt.slice(i);
      if (hit && typed === hit.completion.slice(0, typed.length)) return { completion: hit.completion.slice(typed.length), requestId: hit.requestId };
    }
    return undefined;
  }

  async function cacheFutureSuggestion(inputPrefix: string, inputSuffix: string, prompt: string, suggestionLines: string[]): Promise<void> {
    let futureInputPrefix = inputPrefix;
    let futurePrompt = prompt + suggestionLines[0];
    if (suggestionLines.length > 1) {
      futureInputPrefix = `${inputPrefix}${prompt}${suggestionLines.slice(0, -1).join("\n")}\n`;
      futurePrompt = suggestionLines[suggestionLines.length - 1]!;
      const futureLines = futureInputPrefix.slice(0, -1).split(/\r?\n/);
      if (futureLines.length > LLAMA_VSCODE.n_prefix) futureInputPrefix = `${futureLines.slice(futureLines.length - LLAMA_VSCODE.n_prefix).join("\n")}\n`;
    }
    const key = hash(`${futureInputPrefix}|${inputSuffix}|${futurePrompt}`);
    if (cache.has(key)) return;
    const { content, requestId } = await infill("prefetch", payload(futureInputPrefix, inputSuffix, futurePrompt, prompt.length - prompt.trimStart().length));
    if (content.trim() !== "") put(key, { completion: removeTrailingNewLines(content.split(/\r?\n/)).join("\n"), requestId });
  }

  function cacheFutureAcceptLineSuggestion(inputPrefix: string, inputSuffix: string, prompt: string, suggestionLines: string[], requestId: number): void {
    if (suggestionLines.length <= 1) return;
    const key = hash(`${inputPrefix}${prompt}${suggestionLines[0]}\n|${inputSuffix}|`);
    if (!cache.has(key)) put(key, { completion: suggestionLines.slice(1).join("\n"), requestId });
  }

  return {
    name: variant === "asShipped" ? "llamaVscode" : "llamaVscodePlainSampling",
    pid: server.pid,
    requests,
    keystroke(k) {
      cancelPrevious?.();
      let isCancelled = false;
      cancelPrevious = () => (isCancelled = true);
      return track(getCompletionItems(k, () => isCancelled));
    },
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    dispose: async () => clearInterval(ringTimer),
  };
}

export function removeTrailingNewLines(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && out[out.length - 1]!.trim() === "") out.pop();
  return out;
}

function removeLeadingSpaces(text: string, n: number): string {
  let i = 0;
  while ((i < text.length && i < n && text[i] === " ") || text[i] === "\t") i++;
  return text.slice(i);
}

/** shouldDiscardSuggestion: empty, or repeating the text after the cursor or the next lines. */
export function shouldDiscard(suggestion: string[], lines: string[], line: number, linePrefix: string, lineSuffix: string): boolean {
  if (suggestion.length === 0) return true;
  if (suggestion.length === 1 && suggestion[0]!.trim() === "") return true;
  if (line === lines.length - 1) return false;
  if (suggestion.length > 1 && (suggestion[0]!.trim() === "" || suggestion[0]!.trim() === lineSuffix.trim()) && suggestion.slice(1).every((v, i) => v === lines[line + 1 + i])) return true;
  if (suggestion.length === 1 && suggestion[0] === lineSuffix) return true;
  let next = line + 1;
  while (next < lines.length && lines[next]!.trim() === "") next++;
  if (next >= lines.length) return false;
  if (linePrefix + suggestion[0] === lines[next]) {
    if (suggestion.length === 1) return true;
    if (suggestion.length === 2 && suggestion[1] === (lines[next + 1] ?? "").slice(0, suggestion[1]!.length)) return true;
    if (suggestion.length > 2 && suggestion.slice(1).every((v, i) => v === lines[next + 1 + i])) return true;
  }
  return false;
}

export function updateSuggestion(suggestion: string[], lineSuffix: string): string {
  if (lineSuffix.trim() !== "") {
    if (suggestion[0]!.endsWith(lineSuffix)) return suggestion[0]!.slice(0, -lineSuffix.length);
    if (suggestion.length > 1) return suggestion[0]!;
  }
  return suggestion.join("\n");
}
