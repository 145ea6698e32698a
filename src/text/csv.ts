// CSV as RFC 4180 says: fields with commas, quotes or line breaks are quoted, quotes doubled, CRLF.
import type { LinesSentiment } from "./sentiment";

export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRows(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

export function sentimentCsv(result: LinesSentiment): string {
  return csvRows([
    ["line", "label", "confidence", "positive", "negative", "neutral", "text"],
    ...result.items.map((i) => [i.line, i.label, i.confidence.toFixed(3), i.scores.positive.toFixed(3), i.scores.negative.toFixed(3), i.scores.neutral.toFixed(3), i.text]),
  ]);
}
