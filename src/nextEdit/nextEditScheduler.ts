// When to ask for the next edit: after an edit and a pause, on completion's machinery (its
// adaptive debounce and abortable wait, src/completion/scheduling): the newest request wins, an
// older one is aborted at once (prompt processing included), and a new one is not sent while an
// aborted one still unwinds in the engine.
import { AdaptiveDebounce, settledUnlessAborted, waitUnlessAborted } from "../completion/scheduling/adaptiveDebounce";

export class NextEditScheduler {
  private inFlight: AbortController | undefined;
  private engineSettled: Promise<void> = Promise.resolve();
  /** A next edit waits for a longer pause than a completion: it is worth less mid-word. */
  readonly debounce = new AdaptiveDebounce(200, 600);

  constructor(private readonly now: () => number = () => performance.now()) {}

  recordEdit(): void {
    this.debounce.recordKeystroke(this.now());
  }

  /** Runs work after the pause unless a newer request (or cancel) comes first: then undefined. */
  async request<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    this.inFlight?.abort();
    const mine = new AbortController();
    this.inFlight = mine;
    try {
      if (!(await waitUnlessAborted(this.debounce.delayMs(), mine.signal))) return undefined;
      if (!(await settledUnlessAborted(this.engineSettled, mine.signal))) return undefined;
      const running = work(mine.signal);
      const ignore = () => undefined;
      this.engineSettled = running.then(ignore, ignore);
      const result = await running;
      return mine.signal.aborted ? undefined : result;
    } finally {
      if (this.inFlight === mine) this.inFlight = undefined;
    }
  }

  cancel(): void {
    this.inFlight?.abort();
    this.inFlight = undefined;
  }
}
