import { strict as assert } from "node:assert";
import { parseLinuxPowerSupplies, parsePmset, parseWindowsBatteryStatus, type PowerProbeIo, probePowerSource } from "../../../src/host/powerSource";

describe("power source parsers", () => {
  it("Linux: a laptop unplugged, plugged in, charging; a desktop; a mouse's battery", () => {
    const battery = (status: string) => ({ type: "Battery\n", status: `${status}\n` });
    const mains = (online: string) => ({ type: "Mains\n", online: `${online}\n` });
    assert.equal(parseLinuxPowerSupplies([battery("Discharging"), mains("0")]), "battery");
    assert.equal(parseLinuxPowerSupplies([battery("Full"), mains("1")]), "ac");
    assert.equal(parseLinuxPowerSupplies([battery("Charging"), mains("1")]), "ac");
    assert.equal(parseLinuxPowerSupplies([battery("Not charging")]), "ac");
    assert.equal(parseLinuxPowerSupplies([battery("Discharging")]), "battery");
    assert.equal(parseLinuxPowerSupplies([]), "unknown");
    assert.equal(parseLinuxPowerSupplies([{ type: "Battery", status: "Discharging", scope: "Device" }]), "unknown");
    assert.equal(parseLinuxPowerSupplies([mains("1")]), "ac");
    assert.equal(parseLinuxPowerSupplies([{ type: "USB", online: "0" }, battery("Unknown")]), "battery");
  });

  it("macOS: pmset -g batt on battery, on AC, and on a Mac with no battery", () => {
    assert.equal(parsePmset("Now drawing from 'Battery Power'\n -InternalBattery-0 (id=1234)\t87%; discharging; 5:12 remaining present: true\n"), "battery");
    assert.equal(parsePmset("Now drawing from 'AC Power'\n -InternalBattery-0 (id=1234)\t100%; charged; 0:00 remaining present: true\n"), "ac");
    assert.equal(parsePmset("Now drawing from 'AC Power'\n"), "ac");
    assert.equal(parsePmset(""), "unknown");
  });

  it("Windows: PowerShell's and wmic's BatteryStatus; no battery", () => {
    assert.equal(parseWindowsBatteryStatus("1\r\n"), "battery");
    assert.equal(parseWindowsBatteryStatus("2\r\n"), "ac");
    assert.equal(parseWindowsBatteryStatus("BatteryStatus  \r\r\n1              \r\r\n\r\r\n"), "battery");
    assert.equal(parseWindowsBatteryStatus("BatteryStatus  \r\n2              \r\n"), "ac");
    assert.equal(parseWindowsBatteryStatus(""), "unknown");
    assert.equal(parseWindowsBatteryStatus("3\r\n"), "unknown");
  });
});

describe("probePowerSource with injected file and process access", () => {
  const fakeIo = (files: Record<string, string>, commands: Record<string, string | Error> = {}): PowerProbeIo & { ran: string[] } => {
    const ran: string[] = [];
    return {
      ran,
      readDir: async (path) => {
        const names = [...new Set(Object.keys(files).filter((f) => f.startsWith(`${path}/`)).map((f) => f.slice(path.length + 1).split("/")[0]!))];
        if (names.length === 0) throw Object.assign(new Error(`ENOENT ${path}`), { code: "ENOENT" });
        return names;
      },
      readFile: async (path) => {
        if (!(path in files)) throw Object.assign(new Error(`ENOENT ${path}`), { code: "ENOENT" });
        return files[path]!;
      },
      run: async (command) => {
        ran.push(command);
        const out = commands[command];
        if (out === undefined || out instanceof Error) throw out ?? new Error(`${command}: not found`);
        return out;
      },
    };
  };

  it("Linux reads /sys/class/power_supply", async () => {
    const io = fakeIo({ "/sys/class/power_supply/BAT0/type": "Battery\n", "/sys/class/power_supply/BAT0/status": "Discharging\n", "/sys/class/power_supply/AC/type": "Mains\n", "/sys/class/power_supply/AC/online": "0\n" });
    assert.equal(await probePowerSource("linux", io), "battery");
    assert.equal(await probePowerSource("linux", fakeIo({})), "unknown", "no power_supply folder (a container): unknown");
  });

  it("macOS runs pmset; Windows falls back from PowerShell to wmic; a missing tool is unknown", async () => {
    assert.equal(await probePowerSource("darwin", fakeIo({}, { pmset: "Now drawing from 'Battery Power'\n" })), "battery");
    const windows = fakeIo({}, { "powershell.exe": new Error("not found"), wmic: "BatteryStatus\r\n2\r\n" });
    assert.equal(await probePowerSource("win32", windows), "ac");
    assert.deepEqual(windows.ran, ["powershell.exe", "wmic"]);
    assert.equal(await probePowerSource("darwin", fakeIo({})), "unknown");
    assert.equal(await probePowerSource("freebsd", fakeIo({})), "unknown");
  });

  it("this machine: an answer, not an error", async () => {
    assert.ok(["battery", "ac", "unknown"].includes(await probePowerSource()));
  });
});
