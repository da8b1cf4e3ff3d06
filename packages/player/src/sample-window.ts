/** The median of a list of numbers (mean of the middle two for even lengths); undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

/**
 * The last `capacity` samples of a measurement, in arrival order (oldest first), plus the count of
 * all samples ever added. A ring buffer, so adding a sample per frame allocates nothing.
 */
export class SampleWindow {
  private readonly ring: Float64Array;
  private next = 0;
  private size = 0;
  private total = 0;
  private latest: number | undefined;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.ring = new Float64Array(capacity);
  }

  push(value: number): void {
    this.ring[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.capacity, this.size + 1);
    this.total++;
    this.latest = value;
  }

  /** All samples added since creation or the last `clear()` (can exceed `capacity`). */
  get count(): number {
    return this.total;
  }

  get last(): number | undefined {
    return this.latest;
  }

  /** The samples held, oldest first. */
  values(): number[] {
    const out: number[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) out.push(this.ring[(start + i) % this.capacity] ?? 0);
    return out;
  }

  median(): number | undefined {
    return median(this.values());
  }

  clear(): void {
    this.next = 0;
    this.size = 0;
    this.total = 0;
    this.latest = undefined;
  }
}
