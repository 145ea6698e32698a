// Deterministic TypeScript-like source text for benchmark prompts: varied identifiers and
// structure so that token counts resemble real code, and no file outside the repo is needed.
const NOUNS = ["user", "order", "invoice", "token", "buffer", "request", "session", "cache", "queue", "record", "widget", "config"];
const VERBS = ["load", "save", "parse", "render", "validate", "merge", "compute", "fetch", "update", "format", "resolve", "flush"];

export function sampleCode(lines: number, seed = 1): string {
  let state = seed >>> 0 || 1;
  const next = (n: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  const pick = (list: readonly string[]) => list[next(list.length)]!;
  const out: string[] = [];
  let i = 0;
  while (out.length < lines) {
    const noun = pick(NOUNS);
    const verb = pick(VERBS);
    const name = `${verb}${noun[0]!.toUpperCase()}${noun.slice(1)}${i++}`;
    out.push(`/** ${verb}s the ${noun} and returns how many items changed. */`);
    out.push(`export function ${name}(${noun}: ${noun[0]!.toUpperCase()}${noun.slice(1)}, limit = ${next(100)}): number {`);
    out.push(`  let changed = 0;`);
    out.push(`  for (const item of ${noun}.items.slice(0, limit)) {`);
    out.push(`    if (item.${pick(NOUNS)}Id === ${next(1000)} || item.name.startsWith("${pick(VERBS)}")) {`);
    out.push(`      item.${pick(VERBS)}(${next(10)});`);
    out.push(`      changed++;`);
    out.push(`    }`);
    out.push(`  }`);
    out.push(`  return changed;`);
    out.push(`}`);
    out.push(``);
  }
  return `${out.slice(0, lines).join("\n")}\n`;
}
