// One generation at a time per context sequence: a second request waits for the first to finish
// (the host aborts stale work, so the wait is one token or one prompt chunk long).
export class SequenceLock {
  private tail: Promise<void> = Promise.resolve();
  private holders = 0;

  get busy(): boolean {
    return this.holders > 0;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.holders++;
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    try {
      await previous;
      return await work();
    } finally {
      this.holders--;
      release();
    }
  }
}
