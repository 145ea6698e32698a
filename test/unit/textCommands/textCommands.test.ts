import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { answerForDocument } from "../../../src/text/textCommands/answerText";
import { fillPrompt, usesSelection } from "../../../src/text/textCommands/fillPrompt";
import { checkSampling, DEFAULT_SAMPLING } from "../../../src/text/textCommands/sampling";
import { DEFAULT_TEXT_COMMANDS, parseTextCommands } from "../../../src/text/textCommands/textCommandSettings";

const values = { selection: "let x = 1;", language: "typescript", fileName: "a.ts" };

describe("text command prompts", () => {
  it("fills every placeholder, each as often as it appears", () => {
    assert.equal(fillPrompt("{language} in {fileName}: {selection} ({language})", values), "typescript in a.ts: let x = 1; (typescript)");
  });

  it("never substitutes inside the selection (one pass)", () => {
    assert.equal(fillPrompt("Explain: {selection}", { ...values, selection: "print('{language}')" }), "Explain: print('{language}')");
  });

  it("a prompt without {selection} is sent as written, the selection appended after a blank line", () => {
    assert.equal(fillPrompt("Explain this code.  ", values), "Explain this code.\n\nlet x = 1;");
    assert.equal(usesSelection("Explain this code."), false);
  });

  it("nothing is appended when nothing is selected", () => {
    assert.equal(fillPrompt("Write a haiku about {language}.", { ...values, selection: "" }), "Write a haiku about typescript.");
    assert.equal(fillPrompt("Write a haiku.", { ...values, selection: "  \n" }), "Write a haiku.");
  });

  it("leaves unknown braces alone", () => {
    assert.equal(fillPrompt("{selection} {other} {Selection}", values), "let x = 1; {other} {Selection}");
  });
});

describe("sampling options", () => {
  it("accepts values in range and takes defaults for missing ones", () => {
    const check = checkSampling({ temperature: 0.7, topK: 40 }, "x");
    assert.deepEqual(check.problems, []);
    assert.deepEqual(check.sampling, { temperature: 0.7, topP: DEFAULT_SAMPLING.topP, topK: 40, maxTokens: DEFAULT_SAMPLING.maxTokens });
  });

  it("reports each value out of range in one line and uses the default", () => {
    const check = checkSampling({ temperature: 5, topP: 0, topK: 2.5, maxTokens: -3 }, 'localSlm.textCommands "A"');
    assert.deepEqual(check.sampling, { temperature: DEFAULT_SAMPLING.temperature, topP: DEFAULT_SAMPLING.topP, maxTokens: DEFAULT_SAMPLING.maxTokens });
    assert.equal(check.problems.length, 4);
    for (const p of check.problems) {
      assert.ok(!p.includes("\n"), p);
      assert.match(p, /^localSlm\.textCommands "A": \w+ must be .+, got .+; (using .+|leaving it unset)\.$/);
    }
    assert.match(check.problems[1]!, /topP must be above 0 and at most 1, got 0; using 0\.95/);
    assert.match(check.problems.find((p) => p.includes("temperature"))!, /from 0 to 2, got 5; using 0\.2/);
  });

  it("rejects strings, NaN and topP above 1", () => {
    const check = checkSampling({ temperature: "hot", topP: 1.5, maxTokens: Number.NaN }, "x");
    assert.equal(check.problems.length, 3);
  });

  it("accepts the edges of each range", () => {
    assert.deepEqual(checkSampling({ temperature: 0, topP: 1, topK: 1, maxTokens: 1 }, "x").problems, []);
    assert.deepEqual(checkSampling({ temperature: 2, topK: 1000, maxTokens: 8192 }, "x").problems, []);
  });
});

describe("the localSlm.textCommands setting", () => {
  it("the defaults parse without a problem, each with a {selection}", () => {
    const list = parseTextCommands(DEFAULT_TEXT_COMMANDS);
    assert.deepEqual(list.problems, []);
    assert.deepEqual(list.commands.map((c) => c.title), ["Explain This", "Fix Grammar", "Write a Docstring"]);
    assert.deepEqual(list.commands.map((c) => c.output), ["document", "replace", "insert"]);
    assert.ok(list.commands.every((c) => usesSelection(c.prompt)));
  });

  it("colliding titles are all kept and numbered, case-insensitively, without hitting another title", () => {
    const list = parseTextCommands([
      { title: "Explain", prompt: "a" },
      { title: "Summarize", prompt: "b" },
      { title: "explain", prompt: "c" },
      { title: "Explain (2)", prompt: "d" },
    ]);
    assert.deepEqual(list.commands.map((c) => c.title), ["Explain (1)", "Summarize", "explain (3)", "Explain (2)"]);
    assert.deepEqual(list.commands.map((c) => c.prompt), ["a", "b", "c", "d"]);
    assert.deepEqual(list.problems, []);
  });

  it("an entry that cannot run is left out with the reason; a bad field is defaulted", () => {
    const list = parseTextCommands([
      "Explain",
      { prompt: "no title" },
      { title: "No prompt", prompt: "  " },
      { title: "Odd output", prompt: "p {selection}", output: "clipboard", temperature: 9 },
    ]);
    assert.deepEqual(list.commands.map((c) => [c.title, c.output, c.sampling.temperature]), [["Odd output", "document", 0.2]]);
    assert.equal(list.problems.length, 5, list.problems.join("\n"));
    assert.match(list.problems[0]!, /entry 1 is not an object/);
    assert.match(list.problems[1]!, /entry 2 has no title/);
    assert.match(list.problems[2]!, /"No prompt" has no prompt/);
    assert.match(list.problems[3]!, /"Odd output": output must be one of document, replace, insert, notification, got "clipboard"; using "document"\./);
    assert.match(list.problems[4]!, /"Odd output": temperature must be from 0 to 2, got 9; using 0\.2\./);
  });

  it("a setting that is not a list is reported", () => {
    assert.equal(parseTextCommands({ title: "x" }).commands.length, 0);
    assert.match(parseTextCommands({ title: "x" }).problems[0]!, /must be a list/);
    assert.deepEqual(parseTextCommands(undefined), { commands: [], problems: [] });
  });
});

describe("the answer a text command writes into the document", () => {
  it("drops one fence around the whole answer and the blank lines around it", () => {
    assert.equal(answerForDocument("\n```python\ndef f():\n    return 1\n```\n"), "def f():\n    return 1");
    assert.equal(answerForDocument("```\nplain\n```"), "plain");
  });

  it("keeps fences inside the answer and text around a fence", () => {
    const text = "Use this:\n```js\nx()\n```\nThen that.";
    assert.equal(answerForDocument(text), text);
  });

  it("an answer of whitespace is empty", () => {
    assert.equal(answerForDocument(" \n\t\n"), "");
  });
});

describe("package.json declares the defaults the code falls back to", () => {
  it("localSlm.textCommands default equals DEFAULT_TEXT_COMMANDS", () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, "../../../package.json"), "utf8")) as { contributes: { configuration: { properties: Record<string, { default?: unknown }> }[] } };
    const declared = manifest.contributes.configuration.map((section) => section.properties["localSlm.textCommands"]).find(Boolean);
    assert.deepEqual(declared?.default, DEFAULT_TEXT_COMMANDS);
  });
});

describe("the answer a text command writes: characters that do not belong in a document", () => {
  it("drops U+FFFD, control and bidi characters, keeps tabs and line feeds", () => {
    assert.equal(answerForDocument("a\uFFFDb\u0007c\u202Ed\te\nf"), "abcd\te\nf");
  });
});
