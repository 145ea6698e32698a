// llama.cpp does not look at an abort signal while it processes a prompt: a 1,250-token prompt
// kept running for seconds after an abort. So the prompt is fed in chunks, the signal is checked
// between them, and an abort during a chunk ends the request at once while that chunk finishes in
// the background (the sequence stays locked until it does). Chunks already evaluated stay in the
// KV cache, so an aborted prompt still speeds up the next, usually similar, request.
// Small chunks cost throughput on a CPU (measured on the 0.5B shape, 2 cores: 8-token chunks ran at
// about half the speed of 512-token batches, 256-token ones at 95%), so each sequence picks its
// own chunk duration.
// Chunks are also where the text sequence yields to completion (beforeChunk): llama.cpp decodes
// both sequences' pending tokens in one batch, so a text chunk running beside a completion request
// would make every completion token wait for a whole text chunk. Instead the text sequence waits
// between its chunks while a completion request runs: ghost text waits at most for the one chunk
// already in flight.
import type { ControlledEvaluateInputItem, LlamaContextSequence, Token } from "./nodeLlamaCpp";

/** What to return about the token that follows the prompt (controlledEvaluate's generateNext). */
export type NextTokenRequest = NonNullable<Extract<ControlledEvaluateInputItem, unknown[]>[1]["generateNext"]>;
export type NextTokenOutput = { token?: Token | null; confidence?: number; probabilities?: Map<Token, number> };

/** Picks chunk sizes so that one chunk takes about targetMs, from the measured speed. */
export class ChunkSizer {
  private tokensPerMs: number | undefined;

  constructor(
    readonly targetMs = 40,
    private readonly minTokens = 8,
    private readonly maxTokens = 512,
    private readonly firstChunk = 16,
  ) {}

  next(): number {
    if (this.tokensPerMs === undefined) return this.firstChunk;
    return clamp(Math.round(this.tokensPerMs * this.targetMs), this.minTokens, this.maxTokens);
  }

  record(tokens: number, ms: number): void {
    if (tokens < this.minTokens || ms <= 0) return; // tiny chunks are dominated by fixed costs
    const rate = tokens / ms;
    this.tokensPerMs = this.tokensPerMs === undefined ? rate : this.tokensPerMs * 0.7 + rate * 0.3;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

export interface PromptEvaluation {
  /** Tokens found already in the sequence's KV cache. */
  reused: number;
  evaluated: number;
  aborted: boolean;
  /** A chunk still being evaluated after an abort: the sequence is busy until it settles. */
  backgroundWork?: Promise<void>;
  /** What `next` asked for about the token after the prompt. */
  next?: NextTokenOutput;
}

export async function evaluatePromptInChunks(
  sequence: LlamaContextSequence,
  tokens: Token[],
  signal: AbortSignal,
  sizer: ChunkSizer,
  onProgress?: (evaluated: number, total: number) => void,
  beforeChunk?: () => Promise<void>,
  next?: NextTokenRequest,
): Promise<PromptEvaluation> {
  // Drops whatever follows the longest common prefix; no context shift (it would re-evaluate).
  // With `next` the last token is evaluated even when cached: its output is wanted.
  await sequence.adaptStateToTokens(next ? tokens.slice(0, -1) : tokens, false);
  const reused = Math.min(sequence.nextTokenIndex, tokens.length);
  let position = reused;
  let nextOutput: NextTokenOutput | undefined;
  while (position < tokens.length) {
    if (beforeChunk && (await untilDoneOrAborted(beforeChunk(), signal)) === "aborted") return { reused, evaluated: position - reused, aborted: true };
    if (signal.aborted) return { reused, evaluated: position - reused, aborted: true };
    const chunk = tokens.slice(position, position + sizer.next());
    const started = performance.now();
    const evaluation =
      next && position + chunk.length === tokens.length
        ? sequence.controlledEvaluate([...chunk.slice(0, -1), [chunk.at(-1)!, { generateNext: next }]]).then((outputs) => void (nextOutput = outputs[chunk.length - 1]?.next))
        : sequence.evaluateWithoutGeneratingNewTokens(chunk);
    if ((await untilDoneOrAborted(evaluation, signal)) === "aborted") {
      return { reused, evaluated: position - reused, aborted: true, backgroundWork: evaluation.catch(() => undefined) };
    }
    sizer.record(chunk.length, performance.now() - started);
    position += chunk.length;
    onProgress?.(position, tokens.length);
  }
  return { reused, evaluated: position - reused, aborted: signal.aborted, next: nextOutput };
}

function untilDoneOrAborted(work: Promise<void>, signal: AbortSignal): Promise<"done" | "aborted"> {
  if (signal.aborted) return Promise.resolve("aborted");
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve("aborted");
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      () => {
        signal.removeEventListener("abort", onAbort);
        resolve("done");
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
