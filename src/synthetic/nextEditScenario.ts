// The next-edit scenario the integration and end-to-end tests share: the user renamed a parameter
// on the first line; the scripted model (scriptedAnswer.ts, on the real Qwen2.5-Coder vocabulary)
// answers with the window in which the use two lines below is renamed too.
import { writeScriptedAnswerModel } from "./scriptedAnswer";

export const SCENARIO_FILE = "area.js";
/** The document before the user's edit. */
export const SCENARIO_BEFORE = ["function area(width, height) {", "  // width times height.", "  return width * height;", "}", ""].join("\n");
/** The user's edit: "width" -> "w" on line 0 (columns 14-19). */
export const SCENARIO_EDIT = { line: 0, startColumn: 14, endColumn: 19, text: "w" } as const;
export const SCENARIO_AFTER_EDIT = SCENARIO_BEFORE.replace("area(width", "area(w");
/** What the model proposes: line 2's "width" -> "w" (two lines below the cursor). */
export const SCENARIO_PROPOSED = SCENARIO_AFTER_EDIT.replace("return width", "return w");
export const SCENARIO_EXPECTED_EDIT = { startLine: 2, startColumn: 10, endLine: 2, endColumn: 14, newText: "" } as const;

export async function writeScenarioModel(outPath: string): Promise<string> {
  const answer = "\n" + SCENARIO_PROPOSED.replace(/\n$/, "") + "\n";
  const { path } = await writeScriptedAnswerModel({ vocab: "qwen2.5-coder", promptEnd: `updated/${SCENARIO_FILE}`, answer, outPath });
  return path;
}
