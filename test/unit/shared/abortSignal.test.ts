import assert from "node:assert/strict";
import { CancellationTokenSource } from "vscode-jsonrpc";
import { abortSignalFor } from "../../../src/shared/abortSignal";

describe("abortSignalFor", () => {
  it("a token cancelled before anyone asked for it (vscode-jsonrpc's frozen Cancelled token) aborts at once", () => {
    // What vscode-jsonrpc does for a request whose cancel arrived while it was still queued.
    const source = new CancellationTokenSource();
    source.cancel();
    let fired = false;
    source.token.onCancellationRequested(() => (fired = true)); // Event.None: never fires
    const { signal } = abortSignalFor(source.token);
    assert.equal(signal.aborted, true);
    assert.equal(fired, false, "the plain subscription would have missed the cancel");
  });

  it("a token cancelled later aborts when it is cancelled, not before", () => {
    const source = new CancellationTokenSource();
    const { signal } = abortSignalFor(source.token);
    assert.equal(signal.aborted, false);
    source.cancel();
    assert.equal(signal.aborted, true);
  });

  it("after dispose, a cancel no longer aborts", () => {
    const source = new CancellationTokenSource();
    const { signal, dispose } = abortSignalFor(source.token);
    dispose();
    source.cancel();
    assert.equal(signal.aborted, false);
  });
});
