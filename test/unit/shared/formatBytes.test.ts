import assert from "node:assert/strict";
import { formatBytes } from "../../../src/shared/formatBytes";

describe("formatBytes", () => {
  it("formats with binary units", () => {
    assert.equal(formatBytes(0), "0 B");
    assert.equal(formatBytes(1536), "1.5 KiB");
    assert.equal(formatBytes(531 * 1024 * 1024), "531 MiB");
    assert.equal(formatBytes(40 * 1024 ** 3), "40.0 GiB");
  });
});
