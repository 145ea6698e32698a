// One next-edit request, host side and free of VS Code: the window around the cursor, the prompt
// from the edit history and the viewed files, the model's answer turned into edits. Used by the
// editor (src/extension/nextEdit), `local-slm next-edit` and `bench next-edit` alike.
import type { DocumentLines, Position } from "../completion/context/documentLines";
import type { RequestOptions } from "../protocol/requestOptions";
import type { GenerationResult, NextEditParams, Timings } from "../protocol/types";
import type { LineHunk } from "./editHistory";
import type { ViewedFile } from "./recentFiles";
import { editsFromAnswer, type ProposedEdit, type Rejection } from "./responseEdits";
import { buildSweepPrompt } from "./sweepPrompt";
import { originalCursorLine, windowAround } from "./window";

export interface NextEditEngine {
  nextEdit(params: NextEditParams, options?: RequestOptions): Promise<GenerationResult>;
}

export interface NextEditInput {
  /** Workspace-relative path, as the prompt names the file. */
  filePath: string;
  doc: DocumentLines;
  cursor: Position;
  /** The file's recent edits, oldest first. */
  hunks: readonly LineHunk[];
  /** The file when the editing session started (defaults to the file now). */
  original?: readonly string[];
  contextFiles?: readonly ViewedFile[];
}

export type NextEditOutcome =
  | { kind: "edits"; edits: ProposedEdit[]; timings: Timings; sections: string[] }
  | { kind: "rejected"; reason: Rejection; detail: string; timings: Timings; sections: string[] }
  | { kind: "noWindow"; detail: string }
  | { kind: "aborted" };

/** Room for the answer: the window's length in tokens (at ~3 characters a token) twice over. */
function maxTokensFor(window: readonly string[]): number {
  return Math.min(2048, Math.ceil(window.join("\n").length / 3) * 2 + 64);
}

/** The window around the cursor and the prompt for it; undefined when no window can be sent. */
export function promptFor(input: NextEditInput) {
  const window = windowAround(input.doc, input.cursor.line);
  if (!window) return undefined;
  const original = input.original;
  let originalWindow = window.lines;
  if (original && original.length > 0) {
    const line = originalCursorLine(original, input.doc, input.cursor.line);
    const mapped = windowAround({ lineCount: original.length, lineAt: (l) => original[l] ?? "", languageId: input.doc.languageId }, line);
    originalWindow = mapped?.lines ?? window.lines;
  }
  const prompt = buildSweepPrompt({ filePath: input.filePath, contextFiles: input.contextFiles ?? [], hunks: input.hunks, originalWindow, currentWindow: window.lines });
  return { window, prompt, maxTokens: maxTokensFor(window.lines) };
}

export async function proposeNextEdit(engine: NextEditEngine, input: NextEditInput, signal?: AbortSignal): Promise<NextEditOutcome> {
  const request = promptFor(input);
  if (!request) return { kind: "noWindow", detail: "the cursor is on a line too long to send (minified code) or outside the document" };
  const { window, prompt, maxTokens } = request;
  const result = await engine.nextEdit({ sections: prompt.sections, maxTokens, temperature: 0 }, signal ? { signal } : {});
  if (result.stopReason === "aborted" || signal?.aborted) return { kind: "aborted" };
  const parsed = editsFromAnswer({ text: result.text, complete: result.stopReason === "endOfGeneration", window: window.lines, windowStart: window.start });
  if (parsed.rejected) return { kind: "rejected", reason: parsed.rejected, detail: parsed.detail, timings: result.timings, sections: prompt.sections };
  return { kind: "edits", edits: parsed.edits, timings: result.timings, sections: prompt.sections };
}
