// End-to-end next edit: a real Chromium drives a real VS Code (code-server) with the packaged VSIX;
// a scripted model (real Qwen2.5-Coder vocabulary) answers Sweep's prompt with the window in which
// the renamed parameter's use two lines below is renamed too. The user renames the parameter; the
// proposal shows with a Tab hint; Tab jumps to it, Tab applies it, undo takes it back in one step.
import { strict as assert } from "node:assert";
import type { ChildProcess } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { SCENARIO_AFTER_EDIT, SCENARIO_BEFORE, SCENARIO_FILE, SCENARIO_PROPOSED, writeScenarioModel } from "../../src/synthetic/nextEditScenario";
import { type Artifacts, artifactsDir, checkPrerequisites, CHROMIUM_ARGS, type EditorDirs, freePort, installExtensions, makeDirs, prepareArtifacts, Processes, startCodeServer, tools, waitUntil, writeUserSettings } from "./harness";
import { normalize, screenshot, waitForStatus, waitForWorkbench } from "./workbench";

describe("Next edit in a real VS Code (code-server + Chromium)", function () {
  this.timeout(120_000);
  let processes: Processes;
  let artifacts: Artifacts;
  let dirs: EditorDirs;
  let codeServer: ChildProcess | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let file: string;

  before(async function () {
    this.timeout(600_000);
    checkPrerequisites();
    dirs = makeDirs();
    processes = new Processes(join(artifactsDir, "logs-next-edit"));
    processes.alsoKill(dirs.extensions);
    processes.alsoKill(dirs.chromeProfile);
    artifacts = await prepareArtifacts(processes, dirs);
    await installExtensions(processes, dirs, [artifacts.productVsix]);
    const model = await writeScenarioModel(join(dirs.base, "next-edit-scenario.gguf"));
    file = join(dirs.workspace, SCENARIO_FILE);
    writeFileSync(file, SCENARIO_BEFORE);
    writeUserSettings(dirs, {
      "localSlm.modelPath": model,
      "localSlm.nextEdit.enabled": true,
      "localSlm.completion.enabled": false, // only next edit proposes anything here
      "localSlm.threads": 1,
      "localSlm.contextSize": 2048,
      "files.autoSave": "off",
      // No IntelliSense list after typing "w": Tab would accept its first item (the keybinding
      // leaves Tab to an open suggest widget, as it should).
      "editor.quickSuggestions": { other: "off", comments: "off", strings: "off" },
      "editor.suggestOnTriggerCharacters": false,
      "editor.wordBasedSuggestions": "off",
    });
    // nextEdit.enabled and completion.enabled are window-scoped: the remote window reads them from
    // the user's settings (writeUserSettings puts every localSlm.* setting in the machine's).
    const userSettings = join(dirs.userData, "User", "settings.json");
    const user = JSON.parse(readFileSync(userSettings, "utf8")) as Record<string, unknown>;
    writeFileSync(userSettings, JSON.stringify({ ...user, "localSlm.nextEdit.enabled": true, "localSlm.completion.enabled": false }, null, 2));
    const port = await freePort();
    codeServer = await startCodeServer(processes, dirs, port, {});
    context = await chromium.launchPersistentContext(dirs.chromeProfile, { executablePath: tools.chromium, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 860 }, timeout: 60_000 });
    page = context.pages()[0] ?? (await context.newPage());
    await waitForWorkbench(page, `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`);
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed" && page) await screenshot(page, `FAILED-next-edit-${this.currentTest.title.replace(/[^a-z0-9]+/gi, "-").slice(0, 50)}`).catch(() => undefined);
  });

  after(async function () {
    this.timeout(60_000);
    await context?.close().catch(() => undefined);
    const survivors = processes ? await processes.stopAll() : [];
    if (dirs && survivors.length === 0 && !process.env.LOCAL_SLM_E2E_KEEP) rmSync(dirs.base, { recursive: true, force: true });
    assert.deepEqual(survivors, [], `processes still running after cleanup: ${survivors.join("; ")}`);
    void codeServer;
  });

  const onDisk = () => readFileSync(file, "utf8");
  async function save(expected: string, what: string): Promise<void> {
    await page.keyboard.press("Control+S");
    await waitUntil(what, () => onDisk() === expected, 15_000).catch((error: Error) => {
      throw new Error(`${error.message}; the file holds:\n${onDisk()}`);
    });
  }
  /** The text of decorations shown after the text (CSS ::after content, not in innerText). */
  const decorationTexts = () =>
    page.locator(".part.editor .view-lines").first().evaluate((lines) =>
      [...lines.querySelectorAll("span")].map((span) => (globalThis as unknown as { getComputedStyle(e: unknown, pseudo: string): { content: string } }).getComputedStyle(span, "::after").content).filter((c) => c && c !== "none" && c !== "normal"),
    );
  const hintShown = async () => (await decorationTexts()).some((c) => c.includes("next edit, line 3"));
  const cursorStatus = () => page.locator(".part.statusbar").getByText(/Ln \d+, Col \d+/).first();

  it("rename a parameter: the use two lines below is proposed; Tab jumps, Tab applies, undo restores", async function () {
    this.timeout(300_000);
    // The extension is active once its status bar item names the model: edits before that go unseen.
    await waitForStatus(page, (t) => t.includes("next-edit-scenario"), "the extension's status bar item", 90_000);
    // From the explorer: Quick Open's file index may still be loading this early.
    await page.locator(".explorer-folders-view .monaco-list-row").filter({ hasText: SCENARIO_FILE }).first().click({ timeout: 30_000 });
    await page.locator(".tabs-container .tab.active").filter({ hasText: SCENARIO_FILE }).waitFor({ state: "visible", timeout: 15_000 });
    const editor = page.locator(".part.editor .editor-instance .monaco-editor").first();
    await editor.locator(".view-lines").click();
    // Select "width" in "function area(width, height)" and type "w".
    await page.keyboard.press("Control+G");
    await page.keyboard.type("1:15");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+Shift+ArrowRight");
    await page.keyboard.type("w");

    // The proposal: a hint on the cursor's line names the line of the edit (the model loads first).
    await waitUntil("the next-edit hint on the cursor's line", hintShown, 180_000, 250);
    await screenshot(page, "next-edit-proposed");
    assert.equal(onDisk(), SCENARIO_BEFORE, "nothing saved yet");

    await page.keyboard.press("Tab"); // jump
    await waitUntil("the cursor on the edit (Ln 3, Col 11)", async () => normalize(await cursorStatus().innerText()).includes("Ln 3, Col 11"), 15_000);
    await screenshot(page, "next-edit-jumped");
    await page.keyboard.press("Tab"); // apply
    await save(SCENARIO_PROPOSED, "the applied edit saved to disk");
    await screenshot(page, "next-edit-applied");
    assert.equal(await hintShown(), false, "the hint is gone");

    await page.keyboard.press("Control+Z"); // one undo step takes the applied edit back, not the user's rename
    await save(SCENARIO_AFTER_EDIT, "the undone edit saved to disk");
  });
});
