// The CPU budget between the extension and the engine: before a request, wait while the last
// minute's CPU use is over the cap (an abort ends the wait: the request then ends as aborted);
// after it, ask the worker for its CPU time and record the difference (for the budget and the
// statistics page's CPU-seconds per hour).
import type { WorkerStatus } from "../protocol/types";
import { type CpuBudget, WorkerCpuMeter } from "./cpuBudget";

export interface RequestGate {
  beforeRequest(signal?: AbortSignal): Promise<void>;
  afterRequest(): void;
}

export class CpuGate implements RequestGate {
  private readonly meter = new WorkerCpuMeter();

  constructor(
    private readonly budget: CpuBudget,
    private readonly workerStatus: () => Promise<WorkerStatus | null>,
    private readonly onCpuUsed: (cpuMs: number) => void,
    private readonly log: (message: string) => void,
  ) {}

  async beforeRequest(signal?: AbortSignal): Promise<void> {
    const wait = this.budget.waitMs();
    if (wait <= 0 || signal?.aborted) return;
    this.log(`CPU budget reached (${Math.round(this.budget.used() / 1000)} CPU-s in the last minute): the request waits ${Math.ceil(wait / 1000)} s`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      }
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  afterRequest(): void {
    void this.workerStatus()
      .then((status) => {
        if (!status) return;
        const used = this.meter.update(status.pid, status.cpuMs);
        this.budget.record(used);
        this.onCpuUsed(used);
      })
      .catch(() => undefined); // the worker stopped meanwhile: its last request's CPU goes uncounted
  }
}
