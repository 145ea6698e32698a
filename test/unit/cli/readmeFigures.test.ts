// The README's completion figures are generated from the last benchmark record: they must agree.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "../../..");

describe("README figures", () => {
  it("the completion benchmark block is exactly what media/bench-completion.json gives", () => {
    execFileSync(process.execPath, [join(ROOT, "scripts/readme-figures.mjs"), "--check"], { stdio: "pipe" });
  });

  it("the check fails when a figure is edited by hand", async () => {
    const { render } = await import(join(ROOT, "scripts/readme-figures.mjs"));
    const { readFileSync } = await import("node:fs");
    const record = JSON.parse(readFileSync(join(ROOT, "media/bench-completion.json"), "utf8"));
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const edited = { ...record, result: { ...record.result, p50Ms: record.result.p50Ms + 1 } };
    assert.notEqual(render(readme, edited), readme);
  });
});
