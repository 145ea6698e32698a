// What the editor's text tools need from the engine side: summarize (split, map-reduce, streamed)
// and sentiment (label scores). Implemented over the host's EngineClient by src/text/.
import type { Timings } from "../../protocol/types";

export type SentimentLabel = "positive" | "negative" | "neutral";
export const SENTIMENT_LABELS: readonly SentimentLabel[] = ["positive", "negative", "neutral"];

export interface SummaryOptions {
  words: number;
  signal: AbortSignal;
  /** Which part is being summarized ("part 3 of 7"), then the combining step(s). */
  onProgress(progress: { stage: "part" | "combine"; index: number; total: number }): void;
  /** Text of the final summary as it is generated. */
  onDelta(delta: string): void;
}

export interface SummaryResult {
  text: string;
  /** How many parts the input was split into (1 when it fit the context). */
  parts: number;
  timings?: Timings;
}

export interface SentimentResult {
  label: SentimentLabel;
  /** The chosen label's share, 0 to 1. */
  confidence: number;
  /** Every label's share; they sum to 1. */
  scores: Record<SentimentLabel, number>;
}

export interface LineSentiment extends SentimentResult {
  /** 1-based line number in the text classified. */
  line: number;
  text: string;
}

export interface LinesResult {
  items: LineSentiment[];
  skippedBlankLines: number;
  totals: Record<SentimentLabel, number>;
}

export interface TextTools {
  summarize(text: string, options: SummaryOptions): Promise<SummaryResult>;
  classify(text: string, signal: AbortSignal): Promise<SentimentResult>;
  classifyLines(text: string, options: { signal: AbortSignal; onProgress(done: number, total: number): void }): Promise<LinesResult>;
}
