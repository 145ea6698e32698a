// The prompt in Sweep's trained format (see sweepFormat.ts for the layout and its source). It is
// returned as sections: the text after each <|file_sep|>, so that the engine puts the separator in
// as the control token by id and tokenizes the user's text with special tokens off (a file that
// contains the string "<|file_sep|>" cannot forge a section). Order for KV-cache reuse: viewed
// files (frozen excerpts), then the edit diffs oldest first (new edits append), then the windows.
import type { LineHunk } from "./editHistory";
import type { ViewedFile } from "./recentFiles";
import { CONTEXT_FILES_BUDGET_TOKENS, DIFF_BUDGET_TOKENS, FILE_SEP, MAX_DIFF_BLOCKS, MAX_HUNK_LINES, TOTAL_PROMPT_BUDGET_TOKENS } from "./sweepFormat";

export interface SweepPromptInput {
  /** Workspace-relative path of the edited file. */
  filePath: string;
  contextFiles: readonly ViewedFile[];
  /** The file's recent edits, oldest first. */
  hunks: readonly LineHunk[];
  originalWindow: readonly string[];
  currentWindow: readonly string[];
  /** Tokens in a text (the model's tokenizer, or an estimate). */
  countTokens?: (text: string) => number;
}

export interface SweepPrompt {
  /** The text after each <|file_sep|>, in order; the last is "updated/{file}". */
  sections: string[];
  /** The diff blocks and context files that fit the budgets. */
  diffBlocks: number;
  contextFiles: number;
}

/** About 3 characters per token for code (Qwen2's BPE): a budget estimate, never sent. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 3);

export function buildSweepPrompt(input: SweepPromptInput): SweepPrompt {
  const count = input.countTokens ?? estimateTokens;
  const fileName = input.filePath.split("/").pop() || input.filePath;

  // The newest edits matter most: fill the budget from the newest back, then print oldest first.
  // (sweep.ts walks oldest first and stops at the budget, dropping the newest edits instead.)
  const diffs: string[] = [];
  let diffBudget = DIFF_BUDGET_TOKENS;
  for (let i = input.hunks.length - 1; i >= 0 && diffs.length < MAX_DIFF_BLOCKS; i--) {
    const hunk = input.hunks[i]!;
    if (hunk.oldLines.length > MAX_HUNK_LINES || hunk.newLines.length > MAX_HUNK_LINES) continue;
    const before = hunk.oldLines.join("\n").trim();
    const after = hunk.newLines.join("\n").trim();
    if (!before && !after) continue; // blank lines only
    const block = `${fileName}.diff\noriginal:\n${before ? before + "\n" : ""}updated:\n${after ? after + "\n" : ""}`;
    const tokens = count(block);
    if (tokens > diffBudget) break;
    diffBudget -= tokens;
    diffs.unshift(block);
  }

  const original = `original/${fileName}\n${input.originalWindow.join("\n")}\n`;
  const current = `current/${fileName}\n${input.currentWindow.join("\n")}\n`;
  const used = DIFF_BUDGET_TOKENS - diffBudget + count(original) + count(current);
  let contextBudget = Math.min(CONTEXT_FILES_BUDGET_TOKENS, Math.max(0, TOTAL_PROMPT_BUDGET_TOKENS - used - 100));
  const context: string[] = [];
  for (const file of input.contextFiles) {
    const block = `${file.path}\n${file.content.endsWith("\n") ? file.content : file.content + "\n"}`;
    const tokens = count(block);
    if (tokens > contextBudget) break;
    contextBudget -= tokens;
    context.push(block);
  }

  return { sections: [...context, ...diffs, original, current, `updated/${fileName}`], diffBlocks: diffs.length, contextFiles: context.length };
}

/** The prompt as one text, as the model reads it (golden tests, `local-slm next-edit --prompt`). */
export function renderSweepPrompt(sections: readonly string[]): string {
  return sections.map((s) => FILE_SEP + s).join("");
}
