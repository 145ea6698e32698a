import assert from "node:assert/strict";
import { isInComment } from "../../../src/completion/context/completionMode";
import { scanBrackets } from "../../../src/completion/postprocess/brackets";
import { renderRelatedSnippets } from "../../../src/completion/context/relatedFiles";
import { languageIdForPath, LANGUAGES, lineCommentOf } from "../../../src/shared/languages";

describe("language facts: one table", () => {
  it("every language whose line comment is # is treated alike by comment detection, brackets and related files", () => {
    const hashLanguages = Object.keys(LANGUAGES).filter((id) => lineCommentOf(id) === "#");
    assert.ok(hashLanguages.includes("cmake") && hashLanguages.includes("dotenv") && hashLanguages.includes("python"));
    for (const id of hashLanguages) {
      assert.equal(isInComment("  # note", id), true, id);
      assert.equal(scanBrackets("x # )", id).firstUnmatchedCloser, -1, id);
      assert.match(renderRelatedSnippets([{ path: "a", text: "b" }], id), /^# Path: a\n# b\n$/, id);
    }
    assert.equal(isInComment("# heading", "markdown"), false);
    assert.equal(scanBrackets("x # )", "typescript").firstUnmatchedCloser, 4);
  });

  it("no extension maps to two languages", () => {
    const seen = new Map<string, string>();
    for (const [id, facts] of Object.entries(LANGUAGES)) {
      for (const ext of facts.extensions ?? []) {
        assert.equal(seen.get(ext), undefined, `${ext}: ${seen.get(ext)} and ${id}`);
        seen.set(ext, id);
      }
    }
  });

  it("language ids from paths, including extensionless build files and Windows paths", () => {
    assert.equal(languageIdForPath("src/a.TS"), "typescript");
    assert.equal(languageIdForPath("C:\\x\\Dockerfile"), "dockerfile");
    assert.equal(languageIdForPath("/p/CMakeLists.txt"), "cmake");
    assert.equal(languageIdForPath("/p/notes"), "plaintext");
    assert.equal(languageIdForPath("/p.d/README"), "plaintext");
  });
});
