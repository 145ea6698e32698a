// Local usage statistics: recent requests (bounded; older ones folded into totals), completions
// shown and accepted, and what the same tokens would have cost at a cloud API's prices. Stored on
// this machine only (the caller persists the JSON), never sent anywhere, clearable. No vscode here.
import { percentile } from "../../shared/percentile";

export type RequestKind = "completion" | "summarize" | "sentiment";

export interface RequestRecord {
  /** ms since the epoch. */
  time: number;
  kind: RequestKind;
  latencyMs: number;
  promptTokens: number;
  promptTokensEvaluated: number;
  generatedTokens: number;
}

export interface CloudPrice {
  name: string;
  inputPerMillionTokens: number;
  outputPerMillionTokens: number;
}

interface Totals {
  requests: number;
  promptTokens: number;
  promptTokensEvaluated: number;
  generatedTokens: number;
  shown: number;
  accepted: number;
}

export interface StatisticsState {
  version: 1;
  recent: RequestRecord[];
  totals: Totals;
  /** CPU time the model's worker used, per clock hour (start of the hour, ms since the epoch); the last 48 hours. */
  cpuHours?: { hour: number; cpuMs: number }[];
}

export interface StatisticsSummary {
  requests: number;
  latency: Record<RequestKind, { p50Ms: number; p95Ms: number; count: number } | undefined>;
  shown: number;
  accepted: number;
  acceptanceRate: number | undefined;
  promptTokens: number;
  generatedTokens: number;
  /** Share of prompt tokens that came from the KV cache instead of being computed. */
  cacheReuse: number | undefined;
  cloudCost: { name: string; dollars: number }[];
  recent: RequestRecord[];
  /** CPU-seconds the model used in each of the last 24 clock hours that had any, oldest first. */
  cpuSecondsPerHour: { hour: number; seconds: number }[];
}

const MAX_RECENT = 2000;
const HOUR_MS = 3_600_000;
const MAX_CPU_HOURS = 48;

export class UsageStatistics {
  private state: StatisticsState;
  private readonly listeners = new Set<() => void>();

  constructor(saved?: unknown) {
    this.state = isState(saved) ? saved : empty();
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  record(record: RequestRecord): void {
    this.state.recent.push(record);
    if (this.state.recent.length > MAX_RECENT) this.state.recent.splice(0, this.state.recent.length - MAX_RECENT);
    const t = this.state.totals;
    t.requests++;
    t.promptTokens += record.promptTokens;
    t.promptTokensEvaluated += record.promptTokensEvaluated;
    t.generatedTokens += record.generatedTokens;
    this.changed();
  }

  /** CPU time the worker used (all its threads), counted in the clock hour of `time`. */
  recordCpu(time: number, cpuMs: number): void {
    if (!(cpuMs > 0) || !Number.isFinite(time)) return;
    const hour = Math.floor(time / HOUR_MS) * HOUR_MS;
    const hours = (this.state.cpuHours ??= []);
    const last = hours.at(-1);
    if (last && last.hour === hour) last.cpuMs += cpuMs;
    else hours.push({ hour, cpuMs });
    if (hours.length > MAX_CPU_HOURS) hours.splice(0, hours.length - MAX_CPU_HOURS);
    this.changed();
  }

  /**
   * A suggestion was shown: counted once per suggestion id, however often it is shown again while
   * the user types along it (each keystroke re-serves it from the cache) or its rest arrives.
   */
  recordShown(id: number): void {
    if (!firstTime(this.shownIds, id)) return;
    this.state.totals.shown++;
    this.changed();
  }

  /** A suggestion was accepted (Tab): once per suggestion id. */
  recordAccepted(id: number | undefined): void {
    if (id !== undefined && !firstTime(this.acceptedIds, id)) return;
    this.state.totals.accepted++;
    this.changed();
  }

  /** Recent ids only: an id is shown again within seconds, not hours later. */
  private readonly shownIds = new Set<number>();
  private readonly acceptedIds = new Set<number>();

  clear(): void {
    this.state = empty();
    this.changed();
  }

  toJSON(): StatisticsState {
    return this.state;
  }

  summary(prices: readonly CloudPrice[]): StatisticsSummary {
    const t = this.state.totals;
    const latency = {} as StatisticsSummary["latency"];
    for (const kind of ["completion", "summarize", "sentiment"] as const) {
      const values = this.state.recent.filter((r) => r.kind === kind).map((r) => r.latencyMs);
      latency[kind] = values.length ? { p50Ms: Math.round(percentile(values, 50)), p95Ms: Math.round(percentile(values, 95)), count: values.length } : undefined;
    }
    return {
      requests: t.requests,
      latency,
      shown: t.shown,
      accepted: t.accepted,
      acceptanceRate: t.shown > 0 ? t.accepted / t.shown : undefined,
      promptTokens: t.promptTokens,
      generatedTokens: t.generatedTokens,
      cacheReuse: t.promptTokens > 0 ? 1 - t.promptTokensEvaluated / t.promptTokens : undefined,
      // A cloud API bills every prompt token it is sent (it has no cache of your keystrokes).
      cloudCost: prices.map((p) => ({ name: p.name, dollars: (t.promptTokens * p.inputPerMillionTokens + t.generatedTokens * p.outputPerMillionTokens) / 1_000_000 })),
      recent: this.state.recent.slice(-300),
      cpuSecondsPerHour: (this.state.cpuHours ?? []).slice(-24).map((h) => ({ hour: h.hour, seconds: Math.round(h.cpuMs / 100) / 10 })),
    };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function empty(): StatisticsState {
  return { version: 1, recent: [], totals: { requests: 0, promptTokens: 0, promptTokensEvaluated: 0, generatedTokens: 0, shown: 0, accepted: 0 } };
}

/** A saved file from an older or corrupt version starts empty rather than failing. */
function isState(value: unknown): value is StatisticsState {
  const v = value as StatisticsState | undefined;
  return !!v && v.version === 1 && Array.isArray(v.recent) && typeof v.totals === "object" && v.totals !== null && typeof v.totals.requests === "number";
}

export function validPrices(value: unknown): CloudPrice[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (p): p is CloudPrice =>
      typeof p === "object" && p !== null && typeof p.name === "string" && Number.isFinite(p.inputPerMillionTokens) && Number.isFinite(p.outputPerMillionTokens) && p.inputPerMillionTokens >= 0 && p.outputPerMillionTokens >= 0,
  );
}

const REMEMBERED_IDS = 1000;

/** Adds id to a bounded set of recent ids; false when it was there already. */
function firstTime(ids: Set<number>, id: number): boolean {
  if (ids.has(id)) return false;
  ids.add(id);
  if (ids.size > REMEMBERED_IDS) ids.delete(ids.values().next().value!);
  return true;
}
