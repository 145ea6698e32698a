// What a text command puts into the user's document: the model's answer without the code fence
// small instruct models like to wrap it in, without surrounding blank lines, and without the
// characters that do not belong in a document (cleanModelText).
import { cleanModelText } from "../cleanModelText";

export function answerForDocument(answer: string): string {
  const trimmed = cleanModelText(answer).trim();
  const fenced = /^```[\w+-]*[ \t]*\n([\s\S]*?)\n?```$/.exec(trimmed);
  return (fenced ? fenced[1]! : trimmed).replace(/^\n+|\s+$/g, "");
}
