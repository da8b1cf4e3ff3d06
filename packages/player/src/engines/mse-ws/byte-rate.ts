/** The window (ms) a bitrate is averaged over: a few GOPs' worth of fragments. */
const WINDOW_MS = 3_000;

/** Bits per second received, from the sizes and arrival times of the last few seconds of messages. */
export class ByteRate {
  private readonly samples: { atMs: number; bytes: number }[] = [];

  add(bytes: number, nowMs: number): void {
    this.samples.push({ atMs: nowMs, bytes });
    this.forget(nowMs);
  }

  /** Undefined until the samples span a meaningful time. */
  bitsPerSecond(nowMs: number): number | undefined {
    this.forget(nowMs);
    const first = this.samples[0];
    if (!first) return undefined;
    const spanMs = Math.max(nowMs - first.atMs, 0);
    if (spanMs < 500) return undefined;
    const bytes = this.samples.reduce((sum, s) => sum + s.bytes, 0);
    return Math.round((bytes * 8 * 1000) / spanMs);
  }

  private forget(nowMs: number): void {
    while (this.samples.length && nowMs - (this.samples[0]?.atMs ?? nowMs) > WINDOW_MS) this.samples.shift();
  }
}
