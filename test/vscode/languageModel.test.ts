// The local model through VS Code's Language Model API, as another extension sees it (this suite
// runs in the test-runner extension, not in local-slm): found by vscode.lm.selectChatModels,
// streamed, cancelled mid-way, tokens counted. Then a text command run by its title, after a
// settings change made while the editor runs.
import { strict as assert } from "node:assert";
import * as vscode from "vscode";

const VENDOR = "local-slm";

async function localModel(): Promise<vscode.LanguageModelChat> {
  await vscode.extensions.getExtension("local-slm.local-slm")!.activate();
  const models = await vscode.lm.selectChatModels({ vendor: VENDOR });
  assert.equal(models.length, 1, `vscode.lm.selectChatModels({ vendor: "${VENDOR}" }) found ${models.length} models; all: ${(await vscode.lm.selectChatModels()).map((m) => `${m.vendor}/${m.id}`).join(", ")}`);
  return models[0]!;
}

describe("Local SLM as a VS Code Language Model", function () {
  this.timeout(90_000);

  it("is found by vscode.lm.selectChatModels with the configured context size", async () => {
    const model = await localModel();
    assert.equal(model.vendor, VENDOR);
    assert.match(model.name, /Local SLM/);
    const contextSize = vscode.workspace.getConfiguration("localSlm").get<number>("contextSize")!;
    assert.equal(model.maxInputTokens > 0 && model.maxInputTokens < contextSize, true, `maxInputTokens ${model.maxInputTokens} of a ${contextSize}-token context`);
  });

  it("streams a response to sendRequest, in several fragments", async () => {
    const model = await localModel();
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User("Explain what a linked list is.")], { modelOptions: { maxTokens: 24, temperature: 0.7, seed: 1, ignoreEndOfGeneration: true } }, new vscode.CancellationTokenSource().token);
    const fragments: string[] = [];
    for await (const fragment of response.text) fragments.push(fragment);
    assert.ok(fragments.length >= 2, `${fragments.length} fragment(s): ${JSON.stringify(fragments)}`);
    assert.ok(fragments.join("").length > 0);
  });

  it("a request cancelled mid-way stops streaming with a cancellation, and the next request works", async () => {
    const model = await localModel();
    const cancel = new vscode.CancellationTokenSource();
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User("Write a long story about a lighthouse.")], { modelOptions: { maxTokens: 1500, temperature: 0.7, seed: 2, ignoreEndOfGeneration: true } }, cancel.token);
    let fragments = 0;
    const consumed = (async () => {
      for await (const _ of response.text) {
        fragments++;
        if (fragments === 1) cancel.cancel();
      }
    })();
    await assert.rejects(consumed, (error: Error) => error instanceof vscode.CancellationError || /cancel/i.test(`${error.name} ${error.message}`), "the stream did not end with a cancellation");
    assert.ok(fragments >= 1);
    const next = await model.sendRequest([vscode.LanguageModelChatMessage.User("Hello")], { modelOptions: { maxTokens: 4, temperature: 0.7, seed: 3, ignoreEndOfGeneration: true } });
    let text = "";
    for await (const fragment of next.text) text += fragment;
    assert.ok(text.length > 0, "the request after a cancel answered nothing");
  });

  it("counts tokens of strings and messages with the model's tokenizer", async () => {
    const model = await localModel();
    const short = await model.countTokens("hello world");
    const long = await model.countTokens("hello world ".repeat(50));
    const message = await model.countTokens(vscode.LanguageModelChatMessage.User("hello world ".repeat(50)));
    assert.ok(short > 0 && long > short * 10, `short ${short}, long ${long}`);
    assert.equal(message, long, "a message counts the tokens of its text");
  });
});

describe("Local SLM text commands", function () {
  this.timeout(90_000);
  const config = () => vscode.workspace.getConfiguration("localSlm");

  afterEach(async () => {
    await config().update("textCommands", undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
  });

  it("a command added to the setting while the editor runs replaces the selection; colliding titles are numbered", async () => {
    await vscode.extensions.getExtension("local-slm.local-slm")!.activate();
    await config().update(
      "textCommands",
      [
        { title: "Rewrite", prompt: "Rewrite this {language} text: {selection}", output: "document" },
        { title: "Rewrite", prompt: "Rewrite {selection} in {fileName}", output: "replace", temperature: 0, maxTokens: 24 },
      ],
      vscode.ConfigurationTarget.Global,
    );
    const original = "The quick brown fox jump over the lazy dog.\n";
    const document = await vscode.workspace.openTextDocument({ language: "plaintext", content: `${original}Second line stays.\n` });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 0, original.length - 1);
    // The command resolves once the answer is in the document (or it reported why not).
    await vscode.commands.executeCommand("localSlm.runTextCommand", "Rewrite (2)");
    const text = document.getText();
    assert.ok(!text.startsWith(original), "the selection was not replaced");
    assert.ok(text.endsWith("\nSecond line stays.\n"), `the rest of the document changed: ${JSON.stringify(text)}`);
    assert.equal(document.lineCount >= 2, true);
  });
});
