/** One look at the media element. */
export interface PlaybackSample {
  /** Clock time of the sample (ms). */
  at: number;
  /** Media time (s). */
  currentTime: number;
  /** The viewer paused, or the element is seeking: progress is not expected. */
  idle: boolean;
}

export interface MonitorOptions {
  /** How much history the ratio looks at (ms). */
  windowMs: number;
  /** The share of that window spent not advancing that counts as failing. */
  maxStallRatio: number;
}

export const DEFAULT_MONITOR: MonitorOptions = { windowMs: 12_000, maxStallRatio: 0.5 };

/**
 * Watches playback advance: the time between two samples counts as stalled when media time did not
 * move while it should have. `poor` once the window is full and the stalled share of it is above the
 * limit: the current combination plays too badly to keep (a stream that rebuffers every few seconds
 * is worse than a fallback that plays). Pure: the core samples the element, tests feed numbers.
 */
export class PlaybackMonitor {
  private samples: PlaybackSample[] = [];

  constructor(private readonly options: MonitorOptions = DEFAULT_MONITOR) {}

  reset(): void {
    this.samples = [];
  }

  add(sample: PlaybackSample): 'ok' | 'poor' {
    this.samples.push(sample);
    const horizon = sample.at - this.options.windowMs;
    while (this.samples.length > 2 && this.samples[1]!.at <= horizon) this.samples.shift();
    return this.stallRatio() > this.options.maxStallRatio && this.covered() >= this.options.windowMs
      ? 'poor'
      : 'ok';
  }

  /** Stalled time over active (not idle) time in the window, 0–1. */
  stallRatio(): number {
    let active = 0;
    let stalled = 0;
    for (let i = 1; i < this.samples.length; i++) {
      const a = this.samples[i - 1]!;
      const b = this.samples[i]!;
      if (a.idle || b.idle) continue;
      const span = b.at - a.at;
      active += span;
      if (b.currentTime - a.currentTime < (span / 1000) * 0.1) stalled += span;
    }
    return active > 0 ? stalled / active : 0;
  }

  private covered(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    return first && last ? last.at - first.at : 0;
  }
}
