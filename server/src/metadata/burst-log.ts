import type { Logger } from '../util/logger';

/**
 * Logs a rejected batch at WARN once per burst, not once per line: the first rejection for a key
 * (a stream and a way in) is logged; more within `quietMs` of the previous one are only counted,
 * and the count comes with the next burst's first line.
 */
export class BurstLog {
  private readonly bursts = new Map<string, { lastAt: number; suppressed: number }>();

  constructor(
    private readonly log: Logger,
    private readonly quietMs = 10_000,
  ) {}

  warn(key: string, fields: Record<string, unknown>, message: string, now = Date.now()): void {
    const burst = this.bursts.get(key);
    if (burst && now - burst.lastAt < this.quietMs) {
      burst.lastAt = now;
      burst.suppressed += 1;
      return;
    }
    const suppressed = burst?.suppressed ?? 0;
    // Ended bursts with nothing left to report go, so keys do not pile up for every stream.
    for (const [other, entry] of this.bursts) {
      if (entry.suppressed === 0 && now - entry.lastAt >= this.quietMs) this.bursts.delete(other);
    }
    this.bursts.set(key, { lastAt: now, suppressed: 0 });
    this.log.warn(
      { ...fields, ...(suppressed ? { previousBurst: suppressed } : {}) },
      suppressed ? `${message} (and ${suppressed} more rejections in the previous burst)` : message,
    );
  }
}
