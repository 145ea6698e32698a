// How the machine's conditions (battery, memory pressure) change the engine's settings: a pure
// function of the user's settings, the policy chosen in localSlm.onBattery and what the probes say.
import type { EngineConfig } from "./engineClient";
import { PRESSURE_IDLE_UNLOAD_MS } from "./memoryPressure";
import type { PowerSource } from "./powerSource";

export type OnBatteryPolicy = "fewerThreads" | "pauseCompletion" | "ignore";
export const ON_BATTERY_POLICIES: readonly OnBatteryPolicy[] = ["fewerThreads", "pauseCompletion", "ignore"];

export interface MachineConditions {
  power: PowerSource;
  memoryPressure: boolean;
}

export interface Adjusted {
  config: EngineConfig;
  /** Completion should pause while this holds (on battery with the pauseCompletion policy). */
  pauseCompletion: boolean;
  /** Words for the status bar ("on battery: 1 thread"), or undefined when nothing changed. */
  notes: string[];
}

export function adjustForConditions(config: EngineConfig, conditions: MachineConditions, policy: OnBatteryPolicy): Adjusted {
  const notes: string[] = [];
  let adjusted = config;
  let pauseCompletion = false;
  if (conditions.power === "battery" && policy === "fewerThreads") {
    const threads = Math.max(1, Math.floor(config.threads / 2));
    adjusted = { ...adjusted, threads };
    notes.push(`on battery: ${threads} thread${threads === 1 ? "" : "s"}`);
  } else if (conditions.power === "battery" && policy === "pauseCompletion") {
    pauseCompletion = true;
    notes.push("on battery: completion paused");
  }
  if (conditions.memoryPressure) {
    const user = config.idleUnloadMs;
    const idleUnloadMs = user > 0 ? Math.min(user, PRESSURE_IDLE_UNLOAD_MS) : PRESSURE_IDLE_UNLOAD_MS;
    adjusted = { ...adjusted, idleUnloadMs };
    notes.push(`low memory: unloads after ${Math.round(idleUnloadMs / 1000)} s idle`);
  }
  return { config: adjusted, pauseCompletion, notes };
}
