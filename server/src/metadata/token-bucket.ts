/**
 * A token bucket: `ratePerSecond` tokens a second up to `burst`. A batch of n events is let through
 * when the bucket holds min(n, burst) tokens and then takes all n, going into debt if n > burst,
 * so a large batch is possible (once) yet the long-run rate still holds.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** Takes `count` tokens and returns 0, or takes none and returns how many ms until it would pass. */
  take(count: number, now: number): number {
    this.refill(now);
    const needed = Math.min(count, this.burst);
    if (this.tokens >= needed) {
      this.tokens -= count;
      return 0;
    }
    return Math.ceil(((needed - this.tokens) / this.ratePerSecond) * 1000);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.ratePerSecond);
  }
}
