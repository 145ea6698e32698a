// One generation at a time per context sequence: a second request waits for the first to finish.
export class SequenceLock {
  private tail: Promise<void> = Promise.resolve();
  private holders = 0;

  get busy(): boolean {
    return this.holders > 0;
  }

  /** Resolves once no request holds the sequence or waits for it. */
  async idle(): Promise<void> {
    while (this.holders > 0) await this.tail;
  }

  /**
   * Runs work when the sequence is free and resolves with its value as soon as it is done. The
   * sequence stays locked until holdUntil(value) settles: an aborted request answers at once while
   * the native prompt chunk it started runs to its end, and the next request waits for that.
   */
  async run<T>(work: () => Promise<T>, holdUntil?: (value: T) => Promise<void> | undefined): Promise<T> {
    this.holders++;
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    const finish = () => {
      this.holders--;
      release();
    };
    try {
      await previous;
      const value = await work();
      const hold = holdUntil?.(value);
      if (hold) void hold.catch(() => undefined).finally(finish);
      else finish();
      return value;
    } catch (error) {
      finish();
      throw error;
    }
  }
}
