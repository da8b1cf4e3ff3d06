import { parsePublisherStats, type PublisherStats, type StatsReportLike } from './publisher-stats';

/**
 * Samples a peer connection's stats on an interval and hands each parsed sample on. A poll that is
 * still running when the next is due is not doubled up; a failing poll (connection closing) is skipped.
 */
export class StatsPoller {
  private timer: ReturnType<typeof setInterval> | undefined;
  private busy = false;
  private previous: PublisherStats | undefined;
  /** Bumped by start/stop so a poll that resolves after stop() is dropped. */
  private generation = 0;

  constructor(
    private readonly getStats: () => Promise<StatsReportLike>,
    private readonly onStats: (stats: PublisherStats) => void,
    private readonly intervalMs = 1000,
  ) {}

  /** Polls now (the baseline for the first bitrate) and then every interval. */
  start(): void {
    if (this.timer !== undefined) return;
    this.previous = undefined;
    this.generation++;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.generation++;
  }

  private async poll(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const generation = this.generation;
    try {
      const report = await this.getStats();
      if (generation !== this.generation) return;
      const stats = parsePublisherStats(report, this.previous);
      this.previous = stats;
      this.onStats(stats);
    } catch {
      // getStats rejects while the connection closes; the next poll (if any) tries again.
    } finally {
      this.busy = false;
    }
  }
}
