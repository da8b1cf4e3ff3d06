import type { BitrateSample } from '@brume/protocol';

/**
 * The last `spanMs` of each live stream's ingest bitrate, for the dashboard's chart: sampled by the
 * caller (about once a second), so a page opened mid-stream draws the last minute at once. A
 * stream that is no longer in a sample is forgotten, which keeps it bounded by the live streams.
 */
export class BitrateHistory {
  private readonly series = new Map<string, BitrateSample[]>();

  constructor(readonly spanMs = 60_000) {}

  /** Records the bitrate of every live stream at `at`; streams absent from `rates` are dropped. */
  record(at: number, rates: ReadonlyMap<string, number>): void {
    for (const name of [...this.series.keys()]) if (!rates.has(name)) this.series.delete(name);
    for (const [name, bitsPerSecond] of rates) {
      let samples = this.series.get(name);
      if (!samples) this.series.set(name, (samples = []));
      samples.push({ at, bitsPerSecond });
      const cutoff = at - this.spanMs;
      let drop = 0;
      while (drop < samples.length && (samples[drop]?.at ?? 0) < cutoff) drop++;
      if (drop) samples.splice(0, drop);
    }
  }

  /** The samples of `name`, oldest first (empty when it is not live). */
  of(name: string): readonly BitrateSample[] {
    return this.series.get(name) ?? [];
  }
}
