import assert from "node:assert/strict";
import { BackendSwitch, type SwitchState } from "../../../src/server/backendSwitch";
import { FakeTimers } from "./fakeTimers";

describe("BackendSwitch (the hybrid backend's state machine)", () => {
  function make(probe: () => Promise<void>) {
    const timers = new FakeTimers();
    const changes: SwitchState[] = [];
    const machine = new BackendSwitch(probe, { retryMs: 30_000, timers, onChange: (s) => changes.push(s) });
    return { timers, changes, machine };
  }

  it("starts on the server", () => {
    const { machine } = make(async () => undefined);
    assert.equal(machine.useServer, true);
    assert.deepEqual(machine.state, { kind: "server" });
  });

  it("falls back when the server is unavailable and comes back after a successful probe", async () => {
    let up = false;
    let probes = 0;
    const { timers, changes, machine } = make(async () => {
      probes++;
      if (!up) throw new Error("down");
    });
    machine.unavailable("connection refused");
    assert.equal(machine.useServer, false);
    await timers.tick(29_999);
    assert.equal(probes, 0, "no probe before retryMs");
    await timers.tick(1);
    assert.equal(probes, 1);
    assert.equal(machine.useServer, false, "a failed probe keeps the local model");
    up = true;
    await timers.tick(30_000);
    assert.equal(probes, 2);
    assert.equal(machine.useServer, true);
    assert.deepEqual(changes, [{ kind: "unavailable", reason: "connection refused" }, { kind: "server" }]);
    assert.equal(timers.scheduled, 0, "no probe once the server is back");
  });

  it("schedules one probe however many requests fail meanwhile", async () => {
    let probes = 0;
    const { timers, machine } = make(async () => {
      probes++;
    });
    machine.unavailable("slow");
    machine.unavailable("slow");
    machine.unavailable("HTTP 500");
    assert.equal(timers.scheduled, 1);
    await timers.tick(30_000);
    assert.equal(probes, 1);
    assert.equal(machine.useServer, true);
  });

  it("does not probe a misconfigured server (a settings change makes a new switch)", async () => {
    let probes = 0;
    const { timers, changes, machine } = make(async () => {
      probes++;
    });
    machine.unavailable("down");
    machine.misconfigured("wrong API key");
    await timers.tick(120_000);
    assert.equal(probes, 0);
    assert.deepEqual(machine.state, { kind: "misconfigured", reason: "wrong API key" });
    machine.unavailable("down again");
    assert.equal(machine.state.kind, "misconfigured", "stays until the settings change");
    assert.equal(changes.length, 2);
  });

  it("stops probing when disposed", async () => {
    let probes = 0;
    const { timers, machine } = make(async () => {
      probes++;
    });
    machine.unavailable("down");
    machine.dispose();
    await timers.tick(60_000);
    assert.equal(probes, 0);
    assert.equal(timers.scheduled, 0);
  });
});
