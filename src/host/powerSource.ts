// Whether the machine runs on battery, as the OS says: Linux /sys/class/power_supply, macOS
// `pmset -g batt`, Windows Win32_Battery through PowerShell (wmic where PowerShell is missing).
// The parsers are pure; the probe takes its file and process access as arguments (tests, and
// machines where a source is missing: "unknown" then, never an error).
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

export type PowerSource = "battery" | "ac" | "unknown";

export interface PowerSupplyEntry {
  /** The `type` file: Battery, Mains, USB, UPS, Wireless. */
  type: string;
  /** The `online` file of a Mains/USB supply: "1" when plugged in. */
  online?: string;
  /** The `status` file of a battery: Charging, Discharging, Full, Not charging, Unknown. */
  status?: string;
  /** The `scope` file: "Device" for a mouse's or a headset's battery, which says nothing of the machine. */
  scope?: string;
}

/** Linux: on battery when a system battery discharges and no mains/USB supply is online. */
export function parseLinuxPowerSupplies(entries: readonly PowerSupplyEntry[]): PowerSource {
  const batteries = entries.filter((e) => e.type.trim() === "Battery" && e.scope?.trim() !== "Device");
  const supplies = entries.filter((e) => ["Mains", "USB", "USB_C", "USB_PD", "Wireless"].includes(e.type.trim()));
  if (supplies.some((s) => s.online?.trim() === "1")) return "ac";
  if (batteries.some((b) => b.status?.trim() === "Discharging")) return "battery";
  if (batteries.length === 0 && supplies.length === 0) return "unknown"; // a desktop, a server, a VM
  if (supplies.length > 0) return "battery"; // supplies known, none online
  return batteries.every((b) => b.status === undefined || b.status.trim() === "Unknown") ? "unknown" : "ac";
}

/** macOS: the first line of `pmset -g batt` says "Now drawing from 'Battery Power'" or "'AC Power'". */
export function parsePmset(output: string): PowerSource {
  const match = /drawing from '([^']+)'/.exec(output);
  if (!match) return "unknown";
  if (/battery/i.test(match[1]!)) return "battery";
  if (/ac power|ups power/i.test(match[1]!)) return "ac";
  return "unknown";
}

/**
 * Windows: Win32_Battery's BatteryStatus, one number per battery (PowerShell prints the numbers;
 * wmic prints a "BatteryStatus" header first). 1 is "discharging"; 2 and 6-9 are on AC power; 3-5
 * (full, low, critical) do not tell. No battery, no number: a desktop.
 */
export function parseWindowsBatteryStatus(output: string): PowerSource {
  const codes = output.split(/\r?\n/).map((line) => line.trim()).filter((line) => /^\d+$/.test(line)).map(Number);
  if (codes.length === 0) return "unknown";
  if (codes.some((c) => c === 2 || (c >= 6 && c <= 9))) return "ac";
  if (codes.some((c) => c === 1)) return "battery";
  return "unknown";
}

export interface PowerProbeIo {
  readDir(path: string): Promise<string[]>;
  readFile(path: string): Promise<string>;
  run(command: string, args: string[]): Promise<string>;
}

export const realPowerProbeIo: PowerProbeIo = {
  readDir: (path) => readdir(path),
  readFile: (path) => readFile(path, "utf8"),
  run: (command, args) =>
    new Promise((resolve, reject) => {
      execFile(command, args, { timeout: 5_000, windowsHide: true, encoding: "utf8" }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    }),
};

const SYS_POWER = "/sys/class/power_supply";

export async function probePowerSource(platform: NodeJS.Platform = process.platform, io: PowerProbeIo = realPowerProbeIo): Promise<PowerSource> {
  try {
    if (platform === "linux") {
      const names = await io.readDir(SYS_POWER).catch(() => []);
      const entries = await Promise.all(
        names.map(async (name) => {
          const read = (file: string) => io.readFile(join(SYS_POWER, name, file)).catch(() => undefined);
          return { type: (await read("type")) ?? "", online: await read("online"), status: await read("status"), scope: await read("scope") };
        }),
      );
      return parseLinuxPowerSupplies(entries);
    }
    if (platform === "darwin") return parsePmset(await io.run("pmset", ["-g", "batt"]));
    if (platform === "win32") {
      const output = await io
        .run("powershell.exe", ["-NoProfile", "-NonInteractive", "-Command", "(Get-CimInstance -ClassName Win32_Battery).BatteryStatus"])
        .catch(() => io.run("wmic", ["path", "Win32_Battery", "get", "BatteryStatus"]));
      return parseWindowsBatteryStatus(output);
    }
  } catch {
    // No pmset, no PowerShell or wmic: say nothing rather than guess.
  }
  return "unknown";
}
