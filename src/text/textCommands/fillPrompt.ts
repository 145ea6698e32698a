// A text command's prompt template filled in with the editor's state. One pass over the template,
// so a selection that itself contains "{language}" is sent as written, never substituted again.

export interface PromptValues {
  /** The selected text ("" when nothing is selected). */
  selection: string;
  /** The document's language id, e.g. "typescript". */
  language: string;
  /** The document's file name without folders, e.g. "parser.ts". */
  fileName: string;
}

export const PLACEHOLDERS = ["selection", "language", "fileName"] as const;
const PLACEHOLDER = /\{(selection|language|fileName)\}/g;

export function usesSelection(template: string): boolean {
  return template.includes("{selection}");
}

/**
 * Fills the placeholders. A template without {selection} is sent as written, and a non-empty
 * selection is appended after a blank line: the user selected text for a reason.
 */
export function fillPrompt(template: string, values: PromptValues): string {
  const filled = template.replace(PLACEHOLDER, (_, name: keyof PromptValues) => values[name]);
  if (usesSelection(template) || values.selection.trim() === "") return filled;
  return `${filled.trimEnd()}\n\n${values.selection}`;
}
