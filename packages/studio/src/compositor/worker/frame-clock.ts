/**
 * The compositor's frame clock: a worker timer, not requestAnimationFrame (which stops in a hidden
 * tab) nor a page timer (throttled to 1/s there, REFERENCES §5.7). It aims at absolute deadlines
 * so the rate does not drift, and when a tick comes later than a whole period (the previous frame
 * overran, or the machine stalled) it counts the missed ticks as skipped rather than rendering a
 * burst to catch up.
 */
export class FrameClock {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private periodMs = 0;
  private next = 0;
  /** Ticks missed since start. */
  skipped = 0;

  /** `now` is a seam for tests, which simulate a frame that overruns by moving it forward. */
  constructor(
    private readonly onTick: (nowMs: number) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Starts ticking `frameRate` times a second, or changes the rate of a running clock. */
  start(frameRate: number): void {
    this.stop();
    this.periodMs = 1000 / frameRate;
    this.next = this.now();
    this.schedule();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = setTimeout(this.tick, Math.max(0, this.next - this.now()));
  }

  private readonly tick = (): void => {
    const now = this.now();
    const late = now - this.next;
    if (late >= this.periodMs) {
      const missed = Math.floor(late / this.periodMs);
      this.skipped += missed;
      this.next += missed * this.periodMs;
    }
    this.next += this.periodMs;
    // Schedule first: a tick that throws must not stop the clock.
    this.schedule();
    this.onTick(now);
  };
}
