/** Prints one JSON document (for --json) or readable "key: value" lines. */
export function printResult(json: boolean, value: Record<string, unknown>, text?: string): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  if (text !== undefined) {
    process.stdout.write(`${text}\n`);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    process.stdout.write(`${key}: ${typeof item === "object" ? JSON.stringify(item) : String(item)}\n`);
  }
}
