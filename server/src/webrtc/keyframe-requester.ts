/**
 * Rate-limits keyframe requests (PLI) to one publisher. Viewers ask on join and whenever their
 * decoder is lost; many asking at once must cost the publisher one keyframe, not one each. A
 * request inside the quiet interval is not dropped but deferred to its end, so a viewer that
 * connects just after a keyframe was requested for someone else still gets its own.
 */
export class KeyframeRequester {
  private lastSentAt = -Infinity;
  private deferred: NodeJS.Timeout | undefined;
  private sentCount = 0;

  constructor(
    private readonly send: () => void,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get sent(): number {
    return this.sentCount;
  }

  request(): void {
    if (this.deferred) return;
    const wait = this.lastSentAt + this.intervalMs - this.now();
    if (wait <= 0) {
      this.fire();
      return;
    }
    this.deferred = setTimeout(() => {
      this.deferred = undefined;
      this.fire();
    }, wait);
    this.deferred.unref();
  }

  dispose(): void {
    clearTimeout(this.deferred);
    this.deferred = undefined;
  }

  private fire(): void {
    this.lastSentAt = this.now();
    this.sentCount++;
    this.send();
  }
}
