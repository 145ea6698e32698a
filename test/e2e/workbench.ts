// Playwright helpers for VS Code's workbench (as served by code-server).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { artifactsDir } from "./harness";

export const STATUS_ITEM_ID = "local-slm.local-slm.localSlm.status";

export const normalize = (text: string) => text.replace(/\u00a0/g, " ");

export async function waitForWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: "domcontentloaded", timeout: 60_000 });
  await page.locator(".monaco-workbench .part.statusbar").waitFor({ state: "visible", timeout: 90_000 });
  await page.locator(".monaco-workbench .part.editor").waitFor({ state: "visible", timeout: 30_000 });
}

/** The extension's status bar item (by its id, or by its name as a fallback). */
export function statusItem(page: Page): Locator {
  return page.locator(`.part.statusbar [id="${STATUS_ITEM_ID}"]`);
}

export async function statusText(page: Page): Promise<string> {
  return normalize((await statusItem(page).innerText({ timeout: 5_000 })).trim());
}

export async function waitForStatus(page: Page, matches: (text: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    last = await statusText(page).catch(() => "(status bar item not found)");
    if (matches(last)) return last;
    if (Date.now() > deadline) throw new Error(`status bar: waited ${timeoutMs / 1000} s for ${what}; it shows "${last}"`);
    await page.waitForTimeout(250);
  }
}

export async function openCommandPalette(page: Page): Promise<Locator> {
  const widget = page.locator(".quick-input-widget");
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press("F1");
    try {
      await widget.waitFor({ state: "visible", timeout: 5_000 });
      return widget;
    } catch {
      await page.locator(".monaco-workbench").click({ position: { x: 600, y: 5 } }).catch(() => undefined);
    }
  }
  throw new Error("the command palette (F1) did not open");
}

/** Labels of the command palette's rows after typing `filter` (without running anything). */
export async function paletteEntries(page: Page, filter: string): Promise<string[]> {
  const widget = await openCommandPalette(page);
  await page.keyboard.type(filter);
  const rows = widget.locator(".quick-input-list .monaco-list-row");
  await rows.first().waitFor({ state: "visible", timeout: 10_000 });
  await page.waitForTimeout(500); // let the filter settle
  const labels = await rows.evaluateAll((els) => els.map((e) => (e.getAttribute("aria-label") ?? e.textContent ?? "").trim()));
  return labels.map(normalize);
}

export async function closeQuickInput(page: Page): Promise<void> {
  await page.keyboard.press("Escape");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 5_000 }).catch(() => undefined);
}

/** Runs a command by its palette title ("Local SLM: Load Model Now"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  const widget = await openCommandPalette(page);
  await page.keyboard.type(title);
  const row = widget.locator(".quick-input-list .monaco-list-row").filter({ hasText: title }).first();
  await row.waitFor({ state: "visible", timeout: 10_000 });
  await row.click();
  await widget.waitFor({ state: "hidden", timeout: 5_000 }).catch(() => undefined);
}

/**
 * Records every state the status bar item goes through (its codicons and text), so that a state
 * that lasts a second (loading) is seen even when polling would miss it.
 */
export async function recordStatusChanges(page: Page): Promise<void> {
  // A script string: this project compiles without the DOM types.
  await page.evaluate(`(() => {
    const id = ${JSON.stringify(STATUS_ITEM_ID)};
    window.__statusObserver?.disconnect();
    window.__statusChanges = [];
    const capture = () => {
      const item = document.getElementById(id);
      if (!item) return;
      const icons = [...item.querySelectorAll("[class*='codicon-']")].map((e) => [...e.classList].filter((c) => c.startsWith("codicon-")).join(" ")).join(" ");
      const entry = "[" + icons + "] " + (item.textContent || "").replace(/\\u00a0/g, " ").trim();
      const changes = window.__statusChanges;
      if (changes[changes.length - 1] !== entry) changes.push(entry);
    };
    capture();
    window.__statusObserver = new MutationObserver(capture);
    window.__statusObserver.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  })()`);
}

/** The states recorded since recordStatusChanges(), oldest first, e.g. "[codicon-loading codicon-modifier-spin] tiny 40%". */
export async function recordedStatusChanges(page: Page): Promise<string[]> {
  return (await page.evaluate("window.__statusChanges || []")) as string[];
}

export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator(".notifications-toasts .notification-toast").filter({ hasText: text });
}

export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, "Notifications: Clear All Notifications").catch(() => undefined);
  await page.waitForTimeout(300);
}

/** Closes the Settings editor (a modal editor in recent VS Code versions). */
export async function closeSettingsEditor(page: Page): Promise<void> {
  const settings = page.locator(".settings-editor");
  for (let attempt = 0; attempt < 3 && (await settings.isVisible()); attempt++) {
    await page.keyboard.press("Escape");
    if (await settings.waitFor({ state: "hidden", timeout: 1_000 }).then(() => true, () => false)) return;
  }
  if (await settings.isVisible()) {
    await page.getByRole("button", { name: /^Close/ }).or(page.locator('[aria-label^="Close"]')).filter({ visible: true }).first().click();
    await settings.waitFor({ state: "hidden", timeout: 5_000 });
  }
}

/** Opens a workspace file with Quick Open. */
export async function openFile(page: Page, name: string): Promise<Locator> {
  await page.keyboard.press("Control+P");
  const widget = page.locator(".quick-input-widget");
  await widget.waitFor({ state: "visible", timeout: 5_000 });
  await page.keyboard.type(name);
  const row = widget.locator(".quick-input-list .monaco-list-row").filter({ hasText: name }).first();
  await row.waitFor({ state: "visible", timeout: 10_000 });
  await page.keyboard.press("Enter");
  await page.locator(".tabs-container .tab.active").filter({ hasText: name }).waitFor({ state: "visible", timeout: 10_000 });
  return page.locator(".part.editor .editor-instance .monaco-editor").first();
}

/** Types into the active editor at the end of the file and checks the text shows up. */
export async function typeAndCheck(page: Page, fileName: string, text: string): Promise<void> {
  const editor = await openFile(page, fileName);
  await editor.locator(".view-lines").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  const started = Date.now();
  await page.keyboard.type(text, { delay: 10 });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const shown = normalize(await editor.locator(".view-lines").innerText());
    if (shown.includes(text)) break;
    if (Date.now() > deadline) throw new Error(`typed "${text}" into ${fileName} but the editor shows:\n${shown.slice(-500)}`);
    await page.waitForTimeout(100);
  }
  const ms = Date.now() - started;
  if (ms > 8_000) throw new Error(`typing ${text.length} characters took ${ms} ms: the editor is not responding`);
}

let shot = 0;
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.waitForTimeout(700); // let notifications finish fading in
  const file = join(artifactsDir, `${String(++shot).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Waits until the status bar item shows `icon` (e.g. "check" when the model is ready); returns its text. */
export async function waitForStatusIcon(page: Page, icon: string, what: string, timeoutMs = 30_000): Promise<string> {
  const found = await statusItem(page).locator(`.codicon-${icon}`).waitFor({ state: "visible", timeout: timeoutMs }).then(() => true, () => false);
  const text = await statusText(page).catch(() => "(status bar item not found)");
  if (!found) throw new Error(`status bar: waited ${timeoutMs / 1000} s for ${what} (icon ${icon}); it shows "${text}"`);
  return text;
}

/** The webview frame shown last (statistics, sentiment table, Markdown preview). */
export function lastWebview(page: Page) {
  return page.frameLocator("iframe.webview.ready").last().frameLocator("#active-frame");
}

/** Clicks an action in the title bar of the editor group showing the tab named `tab`. */
export async function clickEditorTitleAction(page: Page, tab: string | RegExp, action: string): Promise<void> {
  const group = page.locator(".part.editor .editor-group-container").filter({ has: page.locator(".tabs-container .tab.active").filter({ hasText: tab }) }).first();
  const button = group.locator(`.editor-actions .action-label[aria-label^="${action}"]`).first();
  await button.waitFor({ state: "visible", timeout: 10_000 });
  await button.click();
}
