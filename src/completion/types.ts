// Shapes shared by the completion pipeline's stages. Pure data: no VS Code, no engine.

export interface Indentation {
  /** The document indents with tabs (true) or spaces (false). */
  useTabs: boolean;
  /** Columns per indentation level (spaces per level, or the tab width). */
  size: number;
}

export type CompletionMode = "singleLine" | "multiLine";

/** Everything a post-processing filter may look at, taken from the document at the cursor. */
export interface CompletionContext {
  /** Document text before the cursor (possibly a window of it ending at the cursor). */
  prefix: string;
  /** Document text after the cursor (possibly a window of it starting at the cursor). */
  suffix: string;
  /** The cursor's line before the cursor (the end of prefix after its last newline). */
  linePrefix: string;
  /** The cursor's line after the cursor (the start of suffix up to its first newline). */
  lineSuffix: string;
  languageId: string;
  indentation: Indentation;
  mode: CompletionMode;
  /** Most lines a multi-line suggestion may have. */
  maxLines: number;
}

/**
 * One post-processing rule: takes the suggestion so far and returns it changed, or "" to drop it.
 * Filters never add text the model did not produce, except to normalise indentation.
 */
export type PostprocessFilter = (suggestion: string, context: CompletionContext) => string;
