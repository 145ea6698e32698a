// The localSlm.textCommands setting read into commands the editor can offer: every entry checked
// (a bad field is reported in one line and defaulted, an entry that cannot run is left out with
// the reason), and titles made unique (two "Explain" entries are both offered, numbered).
import { checkSampling, type SamplingChoice } from "./sampling";

export const TEXT_COMMAND_OUTPUTS = ["document", "replace", "insert", "notification"] as const;
export type TextCommandOutput = (typeof TEXT_COMMAND_OUTPUTS)[number];

export interface TextCommand {
  /** Unique among the commands (numbered when the setting repeats a title). */
  title: string;
  prompt: string;
  output: TextCommandOutput;
  sampling: SamplingChoice;
}

export interface TextCommandList {
  commands: TextCommand[];
  problems: string[];
}

export const DEFAULT_TEXT_COMMANDS = [
  { title: "Explain This", prompt: "Explain what this {language} code in {fileName} does, step by step, for a colleague who has not seen it:\n\n{selection}", output: "document", temperature: 0.2, maxTokens: 600 },
  { title: "Fix Grammar", prompt: "Correct the grammar, spelling and punctuation of the following text. Keep its meaning, tone and formatting. Answer with the corrected text only.\n\n{selection}", output: "replace", temperature: 0, maxTokens: 800 },
  { title: "Write a Docstring", prompt: "Write a documentation comment in the usual style for {language} for the following code. Answer with the comment only, no code.\n\n{selection}", output: "insert", temperature: 0.2, maxTokens: 300 },
] as const;

export function parseTextCommands(raw: unknown): TextCommandList {
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { commands: [], problems };
  if (!Array.isArray(raw)) return { commands: [], problems: [`localSlm.textCommands must be a list of {title, prompt, ...} entries; got ${typeof raw}.`] };
  const parsed: TextCommand[] = [];
  raw.forEach((entry: unknown, index) => {
    const where = `localSlm.textCommands entry ${index + 1}`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      problems.push(`${where} is not an object {title, prompt, ...}; left out.`);
      return;
    }
    const fields = entry as Record<string, unknown>;
    const title = typeof fields.title === "string" ? fields.title.trim() : "";
    const prompt = typeof fields.prompt === "string" ? fields.prompt : "";
    if (title === "") return void problems.push(`${where} has no title; left out.`);
    const named = `localSlm.textCommands "${title}"`;
    if (prompt.trim() === "") return void problems.push(`${named} has no prompt; left out.`);
    let output: TextCommandOutput = "document";
    if (fields.output !== undefined) {
      if (TEXT_COMMAND_OUTPUTS.includes(fields.output as TextCommandOutput)) output = fields.output as TextCommandOutput;
      else problems.push(`${named}: output must be one of ${TEXT_COMMAND_OUTPUTS.join(", ")}, got ${JSON.stringify(fields.output)}; using "document".`);
    }
    const sampling = checkSampling(fields, named);
    problems.push(...sampling.problems);
    parsed.push({ title, prompt, output, sampling: sampling.sampling });
  });
  return { commands: numberCollisions(parsed), problems };
}

/** Titles that appear more than once (ignoring case) become "Title (1)", "Title (2)", ... */
export function numberCollisions(commands: TextCommand[]): TextCommand[] {
  const key = (title: string) => title.toLocaleLowerCase();
  const counts = new Map<string, number>();
  for (const c of commands) counts.set(key(c.title), (counts.get(key(c.title)) ?? 0) + 1);
  const taken = new Set(commands.filter((c) => counts.get(key(c.title)) === 1).map((c) => key(c.title)));
  const seen = new Map<string, number>();
  return commands.map((c) => {
    if (counts.get(key(c.title)) === 1) return c;
    let n = seen.get(key(c.title)) ?? 0;
    let title: string;
    do title = `${c.title} (${++n})`;
    while (taken.has(key(title)));
    seen.set(key(c.title), n);
    taken.add(key(title));
    return { ...c, title };
  });
}
