// What a text command puts into the user's document: the model's answer without the code fence
// small instruct models like to wrap it in, and without surrounding blank lines.

export function answerForDocument(answer: string): string {
  const trimmed = answer.trim();
  const fenced = /^```[\w+-]*[ \t]*\n([\s\S]*?)\n?```$/.exec(trimmed);
  return (fenced ? fenced[1]! : trimmed).replace(/^\n+|\s+$/g, "");
}
