// Sentiment as a choice among three labels, scored by the model (never free text parsed after the
// fact): one text (split and averaged by length when longer than the context), or one item per
// line with blank lines skipped and counted.
import { EngineError, EngineErrorCode } from "../protocol/errors";
import type { ChatMessage, ClassifyParams, ModelInfo } from "../protocol/types";
import { splitText } from "./splitText";
import type { TextEngine } from "./textEngine";

export const SENTIMENT_LABELS = ["positive", "negative", "neutral"] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export interface Sentiment {
  label: SentimentLabel;
  /** The chosen label's share, 0 to 1. */
  confidence: number;
  /** Each label's share; they sum to 1. */
  scores: Record<SentimentLabel, number>;
}

export interface LineSentiment extends Sentiment {
  /** 1-based line number. */
  line: number;
  text: string;
}

export interface LinesSentiment {
  items: LineSentiment[];
  skippedBlankLines: number;
  totals: Record<SentimentLabel, number>;
}

const SYSTEM = "You classify the sentiment of a text as positive, negative or neutral. Answer with exactly one of those words.";
/** Tokens a chat template adds around the messages (role markers, BOS), generously. */
const TEMPLATE_TOKENS = 48;
/** The instruction's size in each engine's tokens, counted once (per-line runs ask per line). */
const instructionTokens = new WeakMap<TextEngine, Map<string, Promise<number>>>();

async function textBudget(engine: TextEngine, model: ModelInfo): Promise<number> {
  const perModel = instructionTokens.get(engine) ?? new Map<string, Promise<number>>();
  instructionTokens.set(engine, perModel);
  let counted = perModel.get(model.path);
  if (!counted) {
    const request = sentimentRequest("", model.chatTemplate);
    counted = engine.countTokens([request.messages ? request.messages.map((m) => m.content).join("\n") : request.prompt!]).then(([n]) => n!);
    perModel.set(model.path, counted);
  }
  return model.contextSize - (await counted) - TEMPLATE_TOKENS;
}

export function sentimentRequest(text: string, chat: boolean): ClassifyParams {
  if (chat) {
    const messages: ChatMessage[] = [
      { role: "system", content: SYSTEM },
      // Only the text in the user's turn: the instruction before it stays in the KV cache from one
      // line to the next, and only the line and the template's few closing tokens are evaluated.
      { role: "user", content: text },
    ];
    return { messages, labels: [...SENTIMENT_LABELS], labelVariants: [capitalized(""), SENTIMENT_LABELS.map((l) => ` ${l}`), capitalized(" ")] };
  }
  return { prompt: `${SYSTEM}\n\nText: """${text}"""\nSentiment:`, labels: SENTIMENT_LABELS.map((l) => ` ${l}`), labelVariants: [capitalized(" ")] };
}

export async function classifySentiment(engine: TextEngine, text: string, options: { signal?: AbortSignal; onProgress?(done: number, total: number): void } = {}): Promise<Sentiment> {
  if (text.trim() === "") throw new EngineError(EngineErrorCode.Internal, "There is no text to classify (it is empty or only whitespace).");
  const model = await engine.ensureModel();
  const parts = await splitText(text, await textBudget(engine, model), (texts) => engine.countTokens(texts));
  const total = { positive: 0, negative: 0, neutral: 0 };
  let weight = 0;
  for (const [i, part] of parts.entries()) {
    if (options.signal?.aborted) throw cancelled();
    const result = await engine.classify(sentimentRequest(part, model.chatTemplate), { signal: options.signal });
    // Parts count by their length: a long angry paragraph outweighs a short polite sign-off.
    result.scores.forEach((score, j) => (total[SENTIMENT_LABELS[j]!] += score * part.length));
    weight += part.length;
    options.onProgress?.(i + 1, parts.length);
  }
  return sentimentFrom(SENTIMENT_LABELS.map((label) => total[label] / weight));
}

export async function classifyLines(engine: TextEngine, text: string, options: { signal?: AbortSignal; onProgress?(done: number, total: number): void } = {}): Promise<LinesSentiment> {
  const lines = text.split(/\r?\n/);
  const items = lines.map((line, i) => ({ line: i + 1, text: line })).filter((item) => item.text.trim() !== "");
  const result: LinesSentiment = { items: [], skippedBlankLines: lines.length - items.length - (text.endsWith("\n") ? 1 : 0), totals: { positive: 0, negative: 0, neutral: 0 } };
  for (const [i, item] of items.entries()) {
    if (options.signal?.aborted) throw cancelled();
    const sentiment = await classifySentiment(engine, item.text, { signal: options.signal });
    result.items.push({ ...item, ...sentiment });
    result.totals[sentiment.label]++;
    options.onProgress?.(i + 1, items.length);
  }
  return result;
}

function capitalized(prefix: string): string[] {
  return SENTIMENT_LABELS.map((l) => `${prefix}${l[0]!.toUpperCase()}${l.slice(1)}`);
}

/** The label with the largest share; ties go to neutral, then to the order of the labels. */
export function sentimentFrom(shares: readonly number[]): Sentiment {
  const scores = Object.fromEntries(SENTIMENT_LABELS.map((label, i) => [label, shares[i] ?? 0])) as Record<SentimentLabel, number>;
  let label: SentimentLabel = "neutral";
  for (const candidate of SENTIMENT_LABELS) if (scores[candidate] > scores[label]) label = candidate;
  return { label, confidence: scores[label], scores };
}

function cancelled(): EngineError {
  return new EngineError(EngineErrorCode.Cancelled, "Classification cancelled.");
}
