import { Samples } from './samples';

/**
 * How far apart the clients of a swarm receive the same thing (an LL-HLS part, a DASH chunk):
 * each arrival minus the earliest arrival of that item anywhere in the swarm. An item is settled
 * once it is older than `settleMs` (every client that will get it has), so only the recent items
 * are held, however long the run.
 */
export class ArrivalSpread {
  private readonly open = new Map<string, { earliest: number; arrivals: number[] }>();
  readonly spread: Samples;

  constructor(
    private readonly settleMs = 10_000,
    spread = new Samples(),
  ) {
    this.spread = spread;
  }

  arrive(key: string, atMs: number): void {
    const item = this.open.get(key);
    if (!item) this.open.set(key, { earliest: atMs, arrivals: [atMs] });
    else {
      item.arrivals.push(atMs);
      if (atMs < item.earliest) item.earliest = atMs;
    }
  }

  /** Settles items first seen before `nowMs - settleMs`; `settle(Infinity)` settles all. */
  settle(nowMs: number): void {
    for (const [key, item] of this.open) {
      if (item.earliest > nowMs - this.settleMs) continue;
      for (const at of item.arrivals) this.spread.add(at - item.earliest);
      this.open.delete(key);
    }
  }

  /** Items not settled yet. */
  get pending(): number {
    return this.open.size;
  }
}
