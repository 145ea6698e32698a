import { strict as assert } from "node:assert";
import { describeRunLocation } from "../../../src/host/runLocation";

describe("describeRunLocation", () => {
  it("a local window: this machine, with its name, and nothing to choose", () => {
    const where = describeRunLocation({ remoteName: undefined, kind: "ui", hostName: "laptop" });
    assert.equal(where.summary, "Runs on this machine (laptop).");
    assert.equal(where.hint, undefined);
  });

  it("a remote window, running on the remote host: says so and how to move it next to the editor", () => {
    const where = describeRunLocation({ remoteName: "ssh-remote", kind: "workspace", hostName: "build-server" });
    assert.match(where.summary, /remote host \(build-server\), ssh-remote/);
    assert.match(where.hint ?? "", /"remote\.extensionKind": \{"local-slm\.local-slm": \["ui"\]\}/);
  });

  it("a remote window, running next to the editor: says the model is on this machine", () => {
    const where = describeRunLocation({ remoteName: "wsl", kind: "ui", hostName: "laptop" });
    assert.match(where.summary, /next to the editor \(laptop\), not on the wsl host/);
    assert.match(where.hint ?? "", /remove "local-slm\.local-slm"/);
  });
});
