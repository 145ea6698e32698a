// A scripted editing session for the completion benchmark: lines of real code removed from real
// files and typed back character by character at human speed (auto-indent inserts leading
// whitespace at once), with pauses at line ends and now and then mid-line, and jumps between
// places and files. Deterministic for a seed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { languageIdForPath } from "../../shared/languages";

export interface Segment {
  file: string;
  /** 0-based first line to type back, and how many lines. */
  startLine: number;
  lines: number;
}

export interface Keystroke {
  atMs: number;
  file: string;
  languageId: string;
  text: string;
  line: number;
  character: number;
}

export const SESSION_SEGMENTS: Segment[] = [
  { file: "inventory.ts", startLine: 42, lines: 6 },
  { file: "report.py", startLine: 50, lines: 5 },
  { file: "server.go", startLine: 40, lines: 5 },
  { file: "inventory.ts", startLine: 62, lines: 4 },
  { file: "server.go", startLine: 83, lines: 5 },
  { file: "report.py", startLine: 31, lines: 4 },
];


export function buildSession(dir: string, segments: Segment[] = SESSION_SEGMENTS, seed = 7): Keystroke[] {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const originals = new Map<string, string[]>();
  const documents = new Map<string, string[]>();
  for (const s of segments) {
    if (!originals.has(s.file)) originals.set(s.file, readFileSync(join(dir, s.file), "utf8").split("\n"));
  }
  // Every segment starts removed (its place left as one empty line); the session types them back.
  for (const [file, lines] of originals) {
    const removed = new Set<number>();
    for (const s of segments.filter((x) => x.file === file)) for (let i = 1; i < s.lines; i++) removed.add(s.startLine + i);
    documents.set(file, lines.map((line, i) => (segments.some((x) => x.file === file && x.startLine === i) ? "" : line)).filter((_, i) => !removed.has(i)));
  }

  const keystrokes: Keystroke[] = [];
  let now = 0;
  for (const segment of segments) {
    now += 1500 + random() * 1000; // jump to the next place, look at it
    const doc = documents.get(segment.file)!;
    const original = originals.get(segment.file)!;
    // Where the segment's first line sits now: earlier segments of this file were removed above it.
    const earlier = segments.filter((x) => x.file === segment.file && x.startLine < segment.startLine);
    const removedAbove = earlier.reduce((n, x) => n + x.lines - 1, 0);
    const restoredAbove = earlier.filter((x) => segments.indexOf(x) < segments.indexOf(segment)).reduce((n, x) => n + x.lines - 1, 0);
    let line = segment.startLine - removedAbove + restoredAbove;
    const languageId = languageIdForPath(segment.file);
    const press = (character: number) => keystrokes.push({ atMs: Math.round(now), file: segment.file, languageId, text: doc.join("\n"), line, character });
    for (let i = 0; i < segment.lines; i++) {
      const target = original[segment.startLine + i]!;
      const indent = /^\s*/.exec(target)![0];
      doc[line] = indent;
      now += 80;
      press(indent.length);
      for (let c = indent.length; c < target.length; c++) {
        doc[line] = target.slice(0, c + 1);
        now += 60 + random() * 120 + (random() < 1 / 30 ? 700 + random() * 500 : 0);
        press(c + 1);
      }
      now += 500 + random() * 1000; // read the suggestion, think
      if (i < segment.lines - 1) {
        doc.splice(line + 1, 0, "");
        line++;
      }
    }
  }
  return keystrokes;
}
