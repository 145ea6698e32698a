// End-to-end: the server backends in a real VS Code (code-server + Chromium) with a real
// llama-server (built by scripts/llama-server/build.sh) on a loopback port, running the same tiny
// synthetic model as the local worker. Completion goes to the server, falls back to the local model
// when the server is killed and comes back when it runs again; a server that wants an API key gets
// it through "Local SLM: Set Server API Key" (SecretStorage, no settings file); Summarize Selection
// goes to the server too. Which one answered is proved by the server's own log (a line for each
// generation it finished, one for each key it refused) and by whether the local worker exists at all.
import { strict as assert } from "node:assert";
import type { ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { E2eEditor, freePort, root, tail, waitUntil, workerPids, writeUserSettings } from "./harness";
import { clearNotifications, normalize, notification, openFile, runCommand, screenshot, statusItem, waitForStatus } from "./workbench";

const LLAMA_SERVER = join(root, ".cache/llama-server/bin/llama-server");
const API_KEY = "e2e-team-key-7f3a9c";

/** A llama-server on a loopback port, started (again) through the editor's process tracker. */
class TeamServer {
  private child: ChildProcess | undefined;
  private starts = 0;

  constructor(
    private readonly editor: E2eEditor,
    readonly port: number,
    private readonly apiKey?: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = ["-m", this.editor.artifacts.tinyModel, "--host", "127.0.0.1", "--port", String(this.port), "-c", "8192", "-np", "2", "-b", "1024", "-t", "1", "-tb", "1", "--cache-reuse", "256", "-ngl", "0"];
    if (this.apiKey) args.push("--api-key", this.apiKey);
    const child = this.editor.processes.start(`llama-server-${this.port}-${++this.starts}`, LLAMA_SERVER, args);
    this.child = child;
    await waitUntil(
      `llama-server on port ${this.port} to be healthy`,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`llama-server exited (${child.exitCode ?? child.signalCode}):\n${tail(this.log())}`);
        return fetch(`${this.url}/health`).then((r) => r.ok, () => false);
      },
      120_000,
      200,
    );
  }

  /** SIGKILL, as a crash or a pulled cable: nothing is listening on the port afterwards. */
  async kill(): Promise<void> {
    const child = this.child!;
    process.kill(child.pid!, "SIGKILL");
    await waitUntil(`llama-server ${child.pid} to exit`, () => child.exitCode !== null || child.signalCode !== null, 10_000, 50);
  }

  /** What this run of the server logged. */
  log(): string {
    return this.child ? this.editor.processes.logOf(this.child) : "";
  }

  /** Generations this run of the server finished: its log has a line for each ("slot release: id 0 | task 7 | stop processing"). */
  tasks(): number {
    return this.log().split("\n").filter((line) => /slot +release: .*stop processing/.test(line)).length;
  }

  /** Requests it refused for a missing or wrong key ("unauthorized: Invalid API Key"). */
  refusals(): number {
    return this.log().split("\n").filter((line) => line.includes("unauthorized: Invalid API Key")).length;
  }
}

describe("Server backends in a real VS Code (code-server + Chromium + llama-server)", function () {
  this.timeout(120_000);
  let editor: E2eEditor;
  let page: Page;
  let server: TeamServer;
  let keyed: TeamServer | undefined;
  let settings: Record<string, unknown>;
  let serverPort: number;

  before(async function () {
    this.timeout(600_000);
    if (!existsSync(LLAMA_SERVER)) throw new Error(`${LLAMA_SERVER} is missing: run "bash scripts/llama-server/build.sh" first (.ci/run does).`);
    serverPort = await freePort();
    editor = await E2eEditor.start({
      logs: "logs-server-backends",
      prepare: (artifacts, dirs) => {
        settings = {
          "localSlm.modelPath": artifacts.tinyModel, // the local model behind the server
          "localSlm.threads": 1,
          "localSlm.contextSize": 2048,
          "localSlm.completion.backend": "server",
          "localSlm.server.url": `http://127.0.0.1:${serverPort}`,
          // No slowness limit: on a busy 2-core machine a slow answer must not pass for a fallback.
          "localSlm.server.slowLimitMs": 0,
          "localSlm.server.timeoutSeconds": 30,
        };
        writeUserSettings(dirs, settings);
      },
    });
    page = editor.page;
    server = new TeamServer(editor, serverPort);
    await server.start();
    await waitForStatus(page, (t) => t.includes("tiny"), "the extension's status bar item", 90_000);
  });

  afterEach(async function () {
    await editor?.screenshotIfFailed(this.currentTest, "server-");
  });

  after(async function () {
    this.timeout(60_000);
    await editor?.stop();
  });

  const ghost = () => page.locator(".part.editor .ghost-text-decoration, .part.editor .ghost-text-decoration-preview");
  const statusIcons = async () => (await statusItem(page).locator("[class*='codicon-']").evaluateAll((els) => els.map((e) => e.className))).join(" ");

  /** The status bar's tooltip (its hover), as text. */
  async function statusTooltip(): Promise<string> {
    await page.mouse.move(10, 10);
    await statusItem(page).hover();
    const hover = page.locator(".monaco-hover, .workbench-hover").filter({ hasText: "Local SLM" }).first();
    await hover.waitFor({ state: "visible", timeout: 10_000 });
    const text = normalize(await hover.innerText());
    await page.mouse.move(10, 10);
    return text;
  }

  /** Puts the cursor on a new line at the end of todoList.ts. */
  async function newLineInTodoList(): Promise<void> {
    const editorView = await openFile(page, "todoList.ts");
    await editorView.locator(".view-lines").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
  }

  /**
   * Types (the automatic trigger only) until ghost text shows and `answered` holds: a tiny model's
   * noise can be filtered to nothing at one spot, and a server that came back is used from the
   * first request after its probe, so each attempt types a little more and waits for both.
   */
  async function typeUntilSuggested(first: string, answered: () => Promise<boolean>, what: string, attempts = 6): Promise<string> {
    let last = "";
    for (let attempt = 0; attempt < attempts; attempt++) {
      await page.keyboard.type(attempt === 0 ? first : " x", { delay: 40 });
      const shown = await ghost().first().waitFor({ state: "visible", timeout: 15_000 }).then(() => true, () => false);
      if (!shown) continue;
      last = normalize(await ghost().first().innerText());
      if (await waitUntil(what, answered, 10_000, 200).then(() => true, () => false)) return last;
    }
    throw new Error(`typed ${attempts} times and did not see ${what} (last ghost text: "${last}"; status bar: "${await statusItem(page).innerText().catch(() => "?")}")`);
  }

  it("completion backend server: the ghost text comes from llama-server, the local model never starts, the status bar names the server", async () => {
    await newLineInTodoList();
    const before = server.tasks();
    await typeUntilSuggested("export function countOpen(", async () => server.tasks() > before && (await statusIcons()).includes("codicon-server"), "an answer from llama-server");
    await screenshot(page, "server-ghost-text");
    assert.equal(workerPids(editor.dirs).length, 0, "the local worker started: something was answered locally");
    const text = await waitForStatus(page, (t) => / server$/.test(t), "the status bar to say the server answered");
    assert.match(text.replace(/\s+/g, " "), /^tiny server$/, "the model file's name (not loaded: idle), then who answered");
    const tooltip = await statusTooltip();
    assert.match(tooltip, new RegExp(`Completion: answered by llama-server at ${server.url.replace(/\./g, "\\.")}\\.`));
  });

  it("the server killed mid-session: the local model answers, the status bar says local and why; started again, the server answers again", async function () {
    this.timeout(300_000);
    await server.kill();
    await typeUntilSuggested("\nconst fallback = ", async () => (await statusIcons()).includes("codicon-debug-disconnect"), "an answer from the local model");
    await screenshot(page, "server-killed-local-answers");
    assert.equal(workerPids(editor.dirs).length, 1, "the local worker answered: it runs now");
    assert.match(await waitForStatus(page, (t) => / local$/.test(t), "the status bar to say local"), / local$/);
    const tooltip = await statusTooltip();
    assert.match(tooltip, /Completion: answered by the local model instead of llama-server at http:\/\/127\.0\.0\.1:\d+: Cannot reach the server at .* \(connection refused\): is it running\? Check localSlm\.server\.url\./);
    // One warning, once, in one line: the same reason.
    const toast = notification(page, "Completion: using the local model").first();
    await toast.waitFor({ state: "visible", timeout: 10_000 });
    assert.match(normalize(await toast.innerText()), /connection refused/);
    await clearNotifications(page);

    // Back: the server is probed every 30 s; the first request after a good probe goes to it.
    await server.start();
    await typeUntilSuggested("\nconst back = ", async () => server.tasks() > 0 && (await statusIcons()).includes("codicon-server"), "an answer from llama-server again", 12);
    await waitForStatus(page, (t) => / server$/.test(t), "the status bar to say the server answered");
    await screenshot(page, "server-back");
  });

  it("a server that wants an API key: one line naming the command; the key set through it (SecretStorage, in no settings file) makes the server answer", async function () {
    this.timeout(300_000);
    keyed = new TeamServer(editor, await freePort(), API_KEY);
    await keyed.start();
    writeUserSettings(editor.dirs, { ...settings, "localSlm.server.url": keyed.url });
    // The settings change resets the backend: the status bar no longer says who answered.
    await waitForStatus(page, (t) => !/ (server|local)$/.test(t), "the backend note to be cleared by the settings change");
    await newLineInTodoList();
    await typeUntilSuggested("const keyed = ", async () => (await statusIcons()).includes("codicon-debug-disconnect"), "the local model answering for the refused key");
    const toast = notification(page, "refused the API key").first();
    await toast.waitFor({ state: "visible", timeout: 15_000 });
    const message = normalize(await toast.innerText());
    await screenshot(page, "server-api-key-refused");
    assert.match(message, new RegExp(`The server at ${keyed.url.replace(/\./g, "\\.")} refused the API key \\(HTTP 401[^)]*\\): set it with the command "Local SLM: Set Server API Key"\\.`));
    assert.match(await statusTooltip(), /answered by the local model instead of .*refused the API key/);
    assert.ok(keyed.refusals() > 0, "the keyed server saw the request and refused it");
    assert.equal(keyed.tasks(), 0, "the keyed server generated without a key");
    await clearNotifications(page);

    await runCommand(page, "Local SLM: Set Server API Key");
    const input = page.locator(".quick-input-widget");
    await input.locator(".quick-input-title").filter({ hasText: "server API key" }).waitFor({ state: "visible", timeout: 10_000 });
    assert.equal(await input.locator("input[type='password']").count(), 1, "the key is typed into a password box");
    await page.keyboard.type(API_KEY);
    await page.keyboard.press("Enter");
    await notification(page, "server API key saved").first().waitFor({ state: "visible", timeout: 10_000 });
    await clearNotifications(page);
    const settingsFiles = [editor.dirs.userData, editor.dirs.workspace].flatMap((dir) => findFiles(dir, (name) => name === "settings.json"));
    assert.ok(settingsFiles.length >= 2, `settings files found: ${settingsFiles.join(", ")}`);
    for (const file of settingsFiles) assert.ok(!readFileSync(file, "utf8").includes(API_KEY), `the API key is in ${file}`);

    await newLineInTodoList();
    await typeUntilSuggested("const withKey = ", async () => keyed!.tasks() > 0 && (await statusIcons()).includes("codicon-server"), "an answer from the keyed llama-server");
    await screenshot(page, "server-api-key-set");
    assert.match(await statusTooltip(), new RegExp(`Completion: answered by llama-server at ${keyed.url.replace(/\./g, "\\.")}\\.`));
  });

  it("text tools backend server: Summarize Selection answers from llama-server", async function () {
    this.timeout(180_000);
    writeUserSettings(editor.dirs, { ...settings, "localSlm.server.url": keyed!.url, "localSlm.textTools.backend": "server" });
    await waitForStatus(page, (t) => !/ (server|local)$/.test(t), "the backend note to be cleared by the settings change");
    const before = keyed!.tasks();
    const view = await openFile(page, "meeting-notes.txt");
    await view.locator(".view-lines").click();
    await page.keyboard.press("Control+A");
    await runCommand(page, "Local SLM: Summarize Selection");
    await page.locator(".part.statusbar").filter({ hasText: /summary of meeting-notes\.txt.* is ready/i }).first().waitFor({ state: "visible", timeout: 90_000 });
    const summary = page.locator(".part.editor .editor-instance .view-lines").filter({ hasText: "Summary of meeting-notes.txt" }).first();
    await summary.waitFor({ state: "visible", timeout: 10_000 });
    await screenshot(page, "server-summary");
    assert.ok(keyed!.tasks() > before, `llama-server generated nothing for the summary:\n${tail(keyed!.log(), 15)}`);
    assert.match(await statusTooltip(), new RegExp(`Text tools: answered by llama-server at ${keyed!.url.replace(/\./g, "\\.")}\\.`));
  });
});

function findFiles(dir: string, matches: (name: string) => boolean): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) found.push(...findFiles(path, matches));
    else if (stat?.isFile() && matches(name)) found.push(path);
  }
  return found;
}
