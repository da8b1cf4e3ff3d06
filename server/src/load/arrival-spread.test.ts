import { describe, expect, it } from 'vitest';
import { ArrivalSpread } from './arrival-spread';

describe('ArrivalSpread', () => {
  it('measures each arrival from the earliest of the same item, whatever the order', () => {
    const spread = new ArrivalSpread(1000);
    spread.arrive('a', 105);
    spread.arrive('a', 100);
    spread.arrive('a', 140);
    spread.arrive('b', 2000);
    spread.settle(1500);
    expect(spread.pending).toBe(1);
    expect(spread.spread.summary()).toEqual({ count: 3, p50: 5, p95: 40, p99: 40, max: 40 });
    spread.settle(Infinity);
    expect(spread.pending).toBe(0);
    expect(spread.spread.count).toBe(4);
  });
});
