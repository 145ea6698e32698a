// An SVG chart of two latency distributions (cumulative: share of suggestions shown within x ms),
// written by `bench completion --chart FILE` so the figures in the README come with a picture.
export interface Series {
  name: string;
  color: string;
  valuesMs: number[];
}

export function latencyChartSvg(title: string, series: Series[], width = 720, height = 360): string {
  const pad = { left: 56, right: 40, top: 36, bottom: 44 };
  const maxMs = Math.max(100, ...series.flatMap((s) => s.valuesMs));
  const xMax = Math.ceil(maxMs / 500) * 500;
  const x = (ms: number) => pad.left + (ms / xMax) * (width - pad.left - pad.right);
  const y = (share: number) => height - pad.bottom - share * (height - pad.top - pad.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${pad.left}" y="20" font-size="14">${escape(title)}</text>`,
  ];
  for (let ms = 0; ms <= xMax; ms += xMax / 5) {
    parts.push(`<line x1="${x(ms)}" y1="${y(0)}" x2="${x(ms)}" y2="${y(1)}" stroke="#ddd"/>`, `<text x="${x(ms)}" y="${y(0) + 16}" text-anchor="middle">${Math.round(ms)} ms</text>`);
  }
  for (const share of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${x(0)}" y1="${y(share)}" x2="${x(xMax)}" y2="${y(share)}" stroke="#ddd"/>`, `<text x="${pad.left - 6}" y="${y(share) + 4}" text-anchor="end">${share * 100}%</text>`);
  }
  parts.push(`<text x="${(pad.left + width - pad.right) / 2}" y="${height - 8}" text-anchor="middle">latency from the last keystroke to the suggestion</text>`);
  series.forEach((s, i) => {
    const sorted = [...s.valuesMs].sort((a, b) => a - b);
    const points = sorted.map((ms, k) => `${x(ms).toFixed(1)},${y((k + 1) / sorted.length).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${x(0)},${y(0)} ${points.join(" ")}"/>`);
    parts.push(`<rect x="${width - 220}" y="${pad.top + 8 + i * 18}" width="12" height="12" fill="${s.color}"/>`, `<text x="${width - 202}" y="${pad.top + 18 + i * 18}">${escape(s.name)} (n=${sorted.length})</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}
