/**
 * Frames per second over a sliding window of frame presentation times. A window (rather than the
 * time between two frames) keeps the figure steady when the compositor delivers frames unevenly.
 */
export class FpsMeter {
  private readonly times: number[] = [];

  constructor(private readonly windowMs = 1000) {}

  /** Records a frame presented at `timeMs` (any monotonic clock, e.g. performance.now()). */
  frame(timeMs: number): void {
    this.times.push(timeMs);
    const oldest = timeMs - this.windowMs;
    while (this.times.length > 2 && (this.times[0] ?? timeMs) < oldest) this.times.shift();
  }

  /** Frames per second, 0 until two frames arrived. */
  get fps(): number {
    const first = this.times[0];
    const last = this.times[this.times.length - 1];
    if (first === undefined || last === undefined || last <= first) return 0;
    return ((this.times.length - 1) * 1000) / (last - first);
  }

  clear(): void {
    this.times.length = 0;
  }
}
