import assert from "node:assert/strict";
import { homedir } from "node:os";
import { join } from "node:path";
import { BOUNDS, completionSettings, engineConfig, summaryWords } from "../../../src/extension/settingsSchema";
import { expandHome } from "../../../src/shared/expandHome";
import packageJson from "../../../package.json";

const reader = (values: Record<string, unknown>) => (key: string) => values[key];

describe("settings: validated and bounded in one place", () => {
  it("package.json's schema has the same bounds as the code", () => {
    // The settings are in titled sections (the Settings editor's headings).
    const properties = Object.assign({}, ...packageJson.contributes.configuration.map((section) => section.properties)) as Record<string, { minimum?: number; maximum?: number; default?: unknown }>;
    for (const [key, bounds] of Object.entries(BOUNDS)) {
      assert.equal(properties[key]?.minimum, bounds.min, `${key} minimum`);
      assert.equal(properties[key]?.maximum, bounds.max, `${key} maximum`);
      assert.equal(properties[key]?.default, bounds.fallback, `${key} default`);
    }
  });

  it("an idle time past setTimeout's limit is refused with one message, not turned into 'at once'", () => {
    const problems: string[] = [];
    const config = engineConfig(reader({ "localSlm.idleUnloadMinutes": 40_000 }), (p) => problems.push(p));
    assert.equal(config.idleUnloadMs, 15 * 60_000);
    assert.deepEqual(problems, ["localSlm.idleUnloadMinutes must be a number from 0 to 10080; using 15."]);
    assert.equal(engineConfig(reader({ "localSlm.idleUnloadMinutes": 10080 }), () => assert.fail()).idleUnloadMs, 10080 * 60_000);
  });

  it("reports each bad value and uses the default", () => {
    const problems: string[] = [];
    const config = engineConfig(reader({ "localSlm.contextSize": 1e9, "localSlm.threads": 1.5, "localSlm.gpu": "cuda", "localSlm.modelPath": "  " }), (p) => problems.push(p));
    assert.equal(config.contextSize, 4096);
    assert.equal(config.gpu, "auto");
    assert.equal(config.modelPath, undefined);
    assert.equal(problems.length, 3);
    const completion = completionSettings(reader({ "localSlm.completion.maxLines": 0, "localSlm.completion.disabledLanguages": ["go", 3, " "] }), (p) => problems.push(p));
    assert.equal(completion.maxLines, 12);
    assert.deepEqual(completion.disabledLanguages, ["go"]);
    assert.equal(summaryWords(reader({ "localSlm.summarize.length": "toString" }), (p) => problems.push(p)), 100);
    assert.equal(summaryWords(reader({ "localSlm.summarize.length": 80 }), () => assert.fail()), 80);
  });

  it("~ is expanded the same way for every path setting, Windows style included", () => {
    const config = engineConfig(reader({ "localSlm.modelPath": "~/m.gguf", "localSlm.loraAdapters": ["~\\a.gguf"] }), () => undefined);
    assert.equal(config.modelPath, join(homedir(), "m.gguf"));
    assert.equal(config.loraAdapters![0]!.path, join(homedir(), "a.gguf"));
    assert.equal(expandHome("~", "/h"), "/h");
    assert.equal(expandHome("~user/x", "/h"), "~user/x");
    assert.equal(expandHome("/abs/~/x", "/h"), "/abs/~/x");
  });
});
