/** A sliding window of the last `size` render times, for p50/p95 that follow the current load. */
export class RenderTimes {
  private readonly values: number[] = [];
  private next = 0;

  constructor(private readonly size = 120) {}

  add(ms: number): void {
    if (this.values.length < this.size) this.values.push(ms);
    else this.values[this.next] = ms;
    this.next = (this.next + 1) % this.size;
  }

  /** The `p`th percentile (nearest rank) of the window; 0 when empty. */
  percentile(p: number): number {
    if (this.values.length === 0) return 0;
    const sorted = [...this.values].sort((a, b) => a - b);
    const rank = Math.ceil((p / 100) * sorted.length) - 1;
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
  }

  get count(): number {
    return this.values.length;
  }
}

/**
 * Frames per second from a running count: `sample(count, nowMs)` returns the rate since the
 * previous sample (undefined on the first one, or when no time passed).
 */
export class RateMeter {
  private last: { count: number; at: number } | undefined;

  sample(count: number, nowMs: number): number | undefined {
    const previous = this.last;
    this.last = { count, at: nowMs };
    if (!previous || nowMs <= previous.at) return undefined;
    return ((count - previous.count) * 1000) / (nowMs - previous.at);
  }
}
