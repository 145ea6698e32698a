// The extension inside a real editor, against the real `vscode` API: present, activates, every
// contributed command registered, settings read with the declared defaults and scopes, and the
// API that activate() returns. Runs under @vscode/test-electron and inside code-server alike.
import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";

const EXTENSION_ID = "local-slm.local-slm";

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { title: string; properties: Record<string, { default?: unknown; scope?: string }> }[];
  };
}

type Properties = Record<string, { default?: unknown; scope?: string }>;

/** Every setting of a manifest, across its titled sections. */
function settingsOf(manifest: Manifest): Properties {
  return Object.assign({}, ...manifest.contributes.configuration.map((section) => section.properties)) as Properties;
}

/** The repository's package.json (dist-test/ sits beside it): what the installed build must match. */
const repoManifest = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as Manifest;

interface LocalSlmApi {
  engine: { workerPid: number | undefined; state: { kind: string }; ensureModel(): Promise<unknown> };
  completionProvider: vscode.InlineCompletionItemProvider;
}

function extension(): vscode.Extension<LocalSlmApi> {
  const ext = vscode.extensions.getExtension<LocalSlmApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed; installed: ${vscode.extensions.all.map((e) => e.id).join(", ")}`);
  return ext;
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("Local SLM in the editor", () => {
  it("is installed with the manifest of this repository", () => {
    const ext = extension();
    const installed = ext.packageJSON as Manifest;
    assert.deepEqual(installed.contributes.commands, repoManifest.contributes.commands);
    assert.deepEqual(Object.keys(settingsOf(installed)), Object.keys(settingsOf(repoManifest)));
    // The Settings editor's headings are these titles, written out ("Local SLM"), not made from
    // the keys ("Local Slm").
    for (const section of installed.contributes.configuration) assert.match(section.title, /^Local SLM: [A-Z]/);
  });

  it("activates and returns its API with an engine", async () => {
    const ext = extension();
    const api = await ext.activate();
    assert.equal(ext.isActive, true);
    assert.ok(api?.engine, "activate() returned no engine");
    assert.equal(typeof api.engine.ensureModel, "function");
    // Activation starts nothing heavy: the worker starts on first use only. This is the suite's
    // first use of the engine, and neither runner uses it before the suite has finished (the e2e
    // driver waits for these results before its first command), so no worker may exist yet.
    assert.equal(api.engine.state.kind, "idle", `the engine left idle at activation: ${JSON.stringify(api.engine.state)}`);
    assert.equal(api.engine.workerPid, undefined, "a worker process was started at activation");
  });

  it("runs on the remote host in a remote window (extensionKind workspace first), in the UI's host in a local one", () => {
    const ext = extension();
    const declared = (ext.packageJSON as { extensionKind?: string[] }).extensionKind;
    assert.deepEqual(declared, ["workspace", "ui"]);
    const expected = vscode.env.remoteName ? vscode.ExtensionKind.Workspace : vscode.ExtensionKind.UI;
    assert.equal(ext.extensionKind, expected, `remoteName ${vscode.env.remoteName}, extensionKind ${ext.extensionKind}`);
  });

  it("registers every command it contributes", async () => {
    await extension().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = repoManifest.contributes.commands.map((c) => c.command);
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(", ")}`);
    // And the other way round: every localSlm command it registers is declared, except the one
    // that only an accepted suggestion runs.
    const internal = ["localSlm.completionAccepted"];
    const undeclared = [...registered].filter((c) => c.startsWith("localSlm.") && !contributed.includes(c) && !internal.includes(c));
    assert.deepEqual(undeclared, [], `registered but not in package.json: ${undeclared.join(", ")}`);
    for (const c of repoManifest.contributes.commands) assert.equal(c.category, "Local SLM", `${c.command} has no "Local SLM" category`);
  });

  it("reads every setting with the declared default", () => {
    const config = vscode.workspace.getConfiguration("localSlm");
    for (const [key, schema] of Object.entries(settingsOf(repoManifest))) {
      const name = key.replace(/^localSlm\./, "");
      const inspected = config.inspect(name);
      assert.ok(inspected, `no configuration for ${key}`);
      assert.deepEqual(inspected.defaultValue, schema.default, `${key}: default ${JSON.stringify(inspected.defaultValue)} != manifest ${JSON.stringify(schema.default)}`);
    }
  });

  it("reads the model path the user configured", () => {
    // Set by the e2e harness, which writes the user's settings before starting the editor;
    // test:electron sets no model, so the setting is its default there.
    const expected = process.env.LOCAL_SLM_EXPECT_MODEL_PATH ?? "";
    assert.equal(vscode.workspace.getConfiguration("localSlm").get("modelPath"), expected);
  });

  it("declares the engine settings machine-scoped", () => {
    const props = settingsOf(repoManifest);
    for (const key of ["localSlm.modelPath", "localSlm.threads", "localSlm.contextSize", "localSlm.gpu"]) {
      assert.equal(props[key]?.scope, "machine", `${key} should be machine-scoped`);
    }
    // Every setting that names a file or folder: a cloned repository must not choose what we open.
    const fileSettings = Object.keys(props).filter((key) => /path|folder|adapter|lora|dir/i.test(key));
    assert.ok(fileSettings.includes("localSlm.modelPath"));
    for (const key of fileSettings) assert.equal(props[key]?.scope, "machine", `${key} names files: machine scope`);
  });

  it("ignores localSlm.modelPath in a workspace's settings.json (machine scope)", async function () {
    // Both runners (code-server and test:electron) open the sample workspace folder.
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder && folder.uri.scheme === "file", "the editor was started without a workspace folder");
    const dir = join(folder!.uri.fsPath, ".vscode");
    const file = join(dir, "settings.json");
    const before = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    const dirExisted = existsSync(dir);
    const evilPath = join(folder!.uri.fsPath, "cloned-repo-chose-this.gguf");
    const config = () => vscode.workspace.getConfiguration("localSlm");
    try {
      mkdirSync(dir, { recursive: true });
      // idleUnloadMinutes is window-scoped: a workspace may set it, so it proves the file was read.
      writeFileSync(file, JSON.stringify({ "localSlm.modelPath": evilPath, "localSlm.idleUnloadMinutes": 42 }, null, 2));
      await waitFor("the workspace settings.json to be read", () => config().inspect("idleUnloadMinutes")?.workspaceValue === 42);
      const modelPath = config().inspect<string>("modelPath");
      assert.equal(modelPath?.workspaceValue, undefined, "a workspace value for the machine-scoped localSlm.modelPath was applied");
      assert.notEqual(config().get("modelPath"), evilPath);
    } finally {
      if (before === undefined) rmSync(dirExisted ? file : dir, { recursive: true, force: true });
      else writeFileSync(file, before);
      await waitFor("the workspace settings to be restored", () => config().inspect("idleUnloadMinutes")?.workspaceValue === undefined || before !== undefined).catch(() => undefined);
    }
  });

  it("its inline completion provider answers in an untitled TypeScript document, at the position asked", async function () {
    this.timeout(60_000);
    const api = await extension().activate();
    const provider = api.completionProvider;
    const document = await vscode.workspace.openTextDocument({ language: "typescript", content: "export function add(a: number, b: number): number {\n  return \n}\n" });
    await vscode.window.showTextDocument(document);
    let items: vscode.InlineCompletionItem[] = [];
    // The tiny model's text is noise, and post-processing may drop it: try a few spots.
    for (let character = 9; character >= 2 && items.length === 0; character--) {
      const position = new vscode.Position(1, character);
      const token = new vscode.CancellationTokenSource().token;
      const result = await provider.provideInlineCompletionItems(document, position, { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined }, token);
      items = Array.isArray(result) ? result : (result?.items ?? []);
      for (const item of items) {
        assert.equal(typeof item.insertText, "string");
        assert.notEqual((item.insertText as string).trim(), "", "never a blank suggestion");
        assert.ok(item.range?.start.isEqual(position), "inserted at the cursor");
      }
    }
    assert.ok(items.length > 0, "no suggestion at any of the positions tried");
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
  });
  it("its inline completion provider answers in a notebook cell", async function () {
    this.timeout(60_000);
    const provider = (await extension().activate()).completionProvider;
    const notebook = await vscode.workspace.openNotebookDocument(
      "jupyter-notebook",
      new vscode.NotebookData([
        new vscode.NotebookCellData(vscode.NotebookCellKind.Code, "import math\n", "python"),
        new vscode.NotebookCellData(vscode.NotebookCellKind.Code, "def area(r):\n    return math.pi * \n", "python"),
      ]),
    );
    const cell = notebook.cellAt(1).document;
    assert.equal(cell.uri.scheme, "vscode-notebook-cell");
    let items: vscode.InlineCompletionItem[] = [];
    for (let character = 21; character >= 4 && items.length === 0; character--) {
      const position = new vscode.Position(1, character);
      const result = await provider.provideInlineCompletionItems(cell, position, { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined }, new vscode.CancellationTokenSource().token);
      items = Array.isArray(result) ? result : (result?.items ?? []);
      for (const item of items) {
        assert.notEqual((item.insertText as string).trim(), "", "never a blank suggestion");
        assert.ok(item.range?.start.isEqual(position), "inserted at the cursor in the cell");
      }
    }
    assert.ok(items.length > 0, "no suggestion in the cell at any of the positions tried");
  });
});
