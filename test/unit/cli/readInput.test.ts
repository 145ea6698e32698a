import { strict as assert } from "node:assert";
import { writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliError } from "../../../src/cli/cliError";
import { readTextInput } from "../../../src/cli/readInput";

describe("readTextInput (the text a CLI text command works on)", () => {
  it("no FILE and a terminal on standard input: refuses at once with one line saying what to pass", async () => {
    await assert.rejects(readTextInput(undefined, "summarize", true), (error: unknown) => {
      assert.ok(error instanceof CliError);
      assert.equal(error.message.split("\n").length, 1);
      assert.match(error.message, /Nothing to summarize: pass a FILE, pipe text in .*"-" to type it/);
      return true;
    });
  });

  it("reads a file whatever standard input is", async () => {
    const file = join(tmpdir(), `local-slm-read-input-${process.pid}.txt`);
    writeFileSync(file, "Some notes.\n");
    try {
      assert.equal(await readTextInput(file, "summarize", true), "Some notes.\n");
    } finally {
      rmSync(file);
    }
  });
});
