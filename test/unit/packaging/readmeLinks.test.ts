// vsce packages README.md into the VSIX and rewrites its relative links against the repository's
// URL; package.json names none (the project has no public home), so one relative link or image
// makes `npm start` and `npm run package` fail ("Couldn't detect the repository where this
// extension is published"), as a peers chart linked from the README once did in CI.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

describe("README.md as the VSIX packages it", () => {
  it("has no relative links or images (vsce cannot rewrite them without a repository URL)", () => {
    const readme = readFileSync(join(__dirname, "../../../README.md"), "utf8");
    const relative = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)[^)]*\)/g)].map((m) => m[1]!).filter((target) => !/^(https?:|mailto:|#)/.test(target));
    assert.deepEqual(relative, []);
  });
});
