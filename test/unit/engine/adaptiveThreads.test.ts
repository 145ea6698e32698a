import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { OtherLoadMeter, threadsForLoad } from "../../../src/engine/adaptiveThreads";

describe("adaptive threads", () => {
  it("leaves the cores others keep busy, at least 1 thread, at most the setting", () => {
    assert.equal(threadsForLoad(2, 0), 2);
    assert.equal(threadsForLoad(2, 0.3), 2, "a little background work keeps both");
    assert.equal(threadsForLoad(2, 0.9), 1, "one busy core of two: one thread (23.7 vs 12.3 tok/s measured)");
    assert.equal(threadsForLoad(2, 2), 1);
    assert.equal(threadsForLoad(4, 1.2), 3);
    assert.equal(threadsForLoad(4, NaN), 4);
    assert.equal(threadsForLoad(1, 5), 1);
  });

  it("measures other processes' load: all cores' busy time less its own", () => {
    let busy = 0;
    let own = 0;
    let now = 0;
    const meter = new OtherLoadMeter({ allCoresBusyMs: () => busy, ownCpuMs: () => own, now: () => now });
    now = 1000;
    busy = 1500; // 1.5 cores busy over the second...
    own = 600; // ...0.6 of it this process
    assert.ok(Math.abs(meter.otherBusyCores() - 0.9) < 1e-9);
    now = 1100;
    busy = 1700;
    assert.ok(Math.abs(meter.otherBusyCores() - 0.9) < 1e-9, "under 200 ms: the last figure");
    now = 2000;
    busy = 1700;
    own = 600;
    assert.ok(Math.abs(meter.otherBusyCores() - 0.2) < 1e-9, "0.2 s of other work over 1 s");
  });

  it("sees a real busy-loop process on this machine", async function () {
    this.timeout(20_000);
    const meter = new OtherLoadMeter();
    const child = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
    try {
      // Wait for a reading that covers the child's work (at least one core's worth appears).
      let cores = 0;
      const deadline = Date.now() + 15_000;
      while (cores < 0.5 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        cores = meter.otherBusyCores();
      }
      assert.ok(cores >= 0.5, `other busy cores ${cores}`);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
