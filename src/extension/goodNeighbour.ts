// A good neighbour on a shared or battery-powered machine: the engine's settings adjusted to what
// the conditions monitor sees (fewer threads or paused completion on battery, as localSlm.onBattery
// says; an idle model unloaded sooner under memory pressure), and the status bar told why.
import * as vscode from "vscode";
import type { EngineClient, EngineConfig } from "../host/engineClient";
import { ConditionsMonitor } from "../host/conditionsMonitor";
import { adjustForConditions, type Adjusted } from "../host/neighbourConditions";
import { readOnBatteryPolicy } from "./settings";
import type { StatusBar } from "./statusBar";

export class GoodNeighbour implements vscode.Disposable {
  private readonly monitor = new ConditionsMonitor();
  private wasUnderPressure = false;

  constructor(
    private readonly readUserConfig: () => EngineConfig,
    private readonly engine: () => EngineClient | undefined,
    private readonly statusBar: StatusBar,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.monitor.onDidChange(() => this.apply());
    void this.monitor.start();
  }

  /** The engine config to load with now: the user's settings adjusted for the conditions. */
  config(): EngineConfig {
    return this.adjusted().config;
  }

  /** Completion waits while on battery with localSlm.onBattery "pauseCompletion". */
  get completionSuspended(): boolean {
    return this.adjusted().pauseCompletion;
  }

  /** The OS says the machine runs on battery. */
  get onBattery(): boolean {
    return this.monitor.conditions.power === "battery";
  }

  private adjusted(): Adjusted {
    return adjustForConditions(this.readUserConfig(), this.monitor.conditions, readOnBatteryPolicy());
  }

  /** After a change of conditions or of localSlm.onBattery. */
  apply(): void {
    const { config, notes } = this.adjusted();
    const conditions = this.monitor.conditions;
    this.log.info(`machine: power ${conditions.power}, memory pressure ${conditions.memoryPressure ? "yes" : "no"}${notes.length ? ` (${notes.join("; ")})` : ""}`);
    this.statusBar.setConditions(notes);
    const engine = this.engine();
    const loaded = engine?.loadedModel;
    const pressureStarted = conditions.memoryPressure && !this.wasUnderPressure;
    this.wasUnderPressure = conditions.memoryPressure;
    if (engine && loaded && (loaded.threads !== config.threads || (pressureStarted && engine.state.kind === "ready"))) {
      // A new thread count applies on the next load; under memory pressure an idle model goes now.
      void engine.unload().catch((error) => this.log.warn(`unload for the machine's conditions: ${error}`));
    } else {
      this.statusBar.show(engine?.state ?? { kind: "idle" });
    }
  }

  dispose(): void {
    this.monitor.dispose();
  }
}
