/**
 * Measures a media track's bitrate and frame rate over a sliding window. Frames are counted by
 * distinct media timestamps, so it works for any packetization.
 */
export class RateMeter {
  private samples: { at: number; bytes: number; newFrame: boolean }[] = [];
  private lastTimestamp: number | undefined;

  constructor(private readonly windowMs = 2000) {}

  add(bytes: number, mediaTimestamp: number, now = Date.now()): void {
    const newFrame = mediaTimestamp !== this.lastTimestamp;
    this.lastTimestamp = mediaTimestamp;
    this.samples.push({ at: now, bytes, newFrame });
    this.prune(now);
  }

  /** Bits per second and frames per second over the window, rounded. */
  read(now = Date.now()): { bitrate: number; fps: number } {
    this.prune(now);
    const first = this.samples[0];
    if (!first) return { bitrate: 0, fps: 0 };
    // Until a full window has passed, divide by the time actually covered (at least 250 ms).
    const spanMs = Math.max(250, Math.min(this.windowMs, now - first.at));
    let bytes = 0;
    let frames = 0;
    for (const sample of this.samples) {
      bytes += sample.bytes;
      if (sample.newFrame) frames++;
    }
    return { bitrate: Math.round((bytes * 8 * 1000) / spanMs), fps: Math.round((frames * 1000) / spanMs) };
  }

  private prune(now: number): void {
    const cutoff = now - this.windowMs;
    let drop = 0;
    while (drop < this.samples.length && (this.samples[drop]?.at ?? 0) < cutoff) drop++;
    if (drop) this.samples = this.samples.slice(drop);
  }
}
