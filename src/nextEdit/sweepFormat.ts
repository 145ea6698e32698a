// Sweep's next-edit prompt format (sweepai/sweep-next-edit-0.5B / -1.5B, Qwen2.5-Coder based), as
// implemented in the MIT-licensed microsoft/vscode-copilot-chat
// src/extension/xtab/node/sweep/sweep.ts at commit 268fa0ac8827bbb72b79a50f8b6933445fe626d8
// (which cites the model card's run_model.py and blog.sweep.dev/posts/oss-next-edit):
//
//   <|file_sep|>{context file path}\n{content}\n
//   <|file_sep|>{file}.diff\noriginal:\n{old lines}\nupdated:\n{new lines}\n      (one per recent edit)
//   <|file_sep|>original/{file}\n{21-line window before the session's edits}\n
//   <|file_sep|>current/{file}\n{21-line window now}\n
//   <|file_sep|>updated/{file}
//
// and the model writes the updated 21-line window (10 lines above the cursor, its line, 10 below).
// The limits below are that file's; the code here is our own.

export const FILE_SEP = "<|file_sep|>";
export const WINDOW_LINES_ABOVE = 10;
export const WINDOW_LINES_BELOW = 10;
/** Diff blocks in one prompt (sweep.ts MAX_DIFF_BLOCKS). */
export const MAX_DIFF_BLOCKS = 15;
/** Token budgets (sweep.ts DIFF_BUDGET, CONTEXT_FILES_BUDGET, TOTAL_PROMPT_BUDGET). */
export const DIFF_BUDGET_TOKENS = 3500;
export const CONTEXT_FILES_BUDGET_TOKENS = 3500;
export const TOTAL_PROMPT_BUDGET_TOKENS = 7000;

// Our own bounds (huge files, minified lines): the window never grows with the file.
/** A line longer than this is not sent (minified code): the window stops before it. */
export const MAX_LINE_CHARS = 400;
/** Documents larger than this keep no original snapshot and get no next-edit request. */
export const MAX_DOCUMENT_CHARS = 2_000_000;
/** An edit touching more lines than this is not kept in the history (a paste, a reformat). */
export const MAX_HUNK_LINES = 40;
