// The text a text command works on: a file, or standard input ("-" or no file). Binary and empty
// input is refused here with one clear line.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { looksBinary } from "../text/binaryText";
import { CliError } from "./cliError";

export async function readTextInput(file: string | undefined, command: string, stdinIsTerminal = process.stdin.isTTY === true): Promise<string> {
  // No file and a terminal on stdin: waiting for typed text would look like a hang.
  if (file === undefined && stdinIsTerminal) {
    throw new CliError(`Nothing to ${command}: pass a FILE, pipe text in (cat notes.txt | local-slm ...), or use "-" to type it (end with Ctrl-D).`);
  }
  if (file === "-" && stdinIsTerminal) process.stderr.write("local-slm: reading standard input; end with Ctrl-D.\n");
  let bytes: Buffer;
  const name = file === undefined || file === "-" ? "standard input" : resolve(file);
  try {
    bytes = file === undefined || file === "-" ? await readStdin() : await readFile(name);
  } catch (error) {
    throw new CliError(`Cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? error}.`);
  }
  if (looksBinary(bytes)) throw new CliError(`${name} looks like a binary file, not text: nothing to ${command}.`);
  const text = bytes.toString("utf8");
  if (text.trim() === "") throw new CliError(`${name} is empty or only whitespace: nothing to ${command}.`);
  return text;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
