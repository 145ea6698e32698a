// Speed and time left of a download, from the bytes seen over the last few seconds (ipull's own
// figures average over the whole transfer, so they lag when the speed changes).
export interface DownloadProgress {
  downloadedBytes: number;
  totalBytes: number;
  /** Over the last WINDOW_MS; 0 until two samples are known. */
  bytesPerSecond: number;
  /** Infinity while the speed is unknown. */
  secondsLeft: number;
  /** Bytes already on disk from an earlier, interrupted attempt. */
  resumedFromBytes: number;
}

const WINDOW_MS = 5000;

export class ProgressMeter {
  private samples: { at: number; bytes: number }[] = [];
  private resumed = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Bytes already there when this attempt starts (a resumed download). */
  start(resumedFromBytes: number): void {
    this.resumed = resumedFromBytes;
  }

  update(downloadedBytes: number, totalBytes: number): DownloadProgress {
    const at = this.now();
    this.samples.push({ at, bytes: downloadedBytes });
    while (this.samples.length > 2 && at - this.samples[0]!.at > WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (at - first.at) / 1000;
    const bytesPerSecond = seconds > 0 ? Math.max(0, (downloadedBytes - first.bytes) / seconds) : 0;
    const left = Math.max(0, totalBytes - downloadedBytes);
    return {
      downloadedBytes,
      totalBytes,
      bytesPerSecond,
      secondsLeft: left === 0 ? 0 : bytesPerSecond > 0 ? left / bytesPerSecond : Infinity,
      resumedFromBytes: this.resumed,
    };
  }
}
