/** Percentiles of a set of measurements (ms), without holding an unbounded run in memory. */
export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Values kept exactly; past this many, a uniform reservoir of this size stands for them all. */
const DEFAULT_CAPACITY = 100_000;

/**
 * Measurements of one kind across the swarm. Up to `capacity` values are kept as they are (the
 * percentiles are exact); after that each new value replaces a random kept one with probability
 * capacity/count (reservoir sampling, Vitter's algorithm R), so an hour of 2,000 clients stays in a
 * fixed amount of memory and the percentiles stay unbiased. `count` and `max` are always exact.
 */
export class Samples {
  private readonly values: number[] = [];
  private total = 0;
  private highest = -Infinity;

  constructor(
    private readonly capacity = DEFAULT_CAPACITY,
    private readonly random: () => number = Math.random,
  ) {}

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    this.total++;
    if (value > this.highest) this.highest = value;
    if (this.values.length < this.capacity) this.values.push(value);
    else {
      const slot = Math.floor(this.random() * this.total);
      if (slot < this.capacity) this.values[slot] = value;
    }
  }

  get count(): number {
    return this.total;
  }

  /** Undefined when nothing was measured. */
  summary(): Summary | undefined {
    if (this.total === 0) return undefined;
    const sorted = Float64Array.from(this.values).sort();
    return {
      count: this.total,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: this.highest,
    };
  }
}

/** Nearest-rank percentile of ascending `sorted` (non-empty): the smallest value ≥ p % of them. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('no values');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
