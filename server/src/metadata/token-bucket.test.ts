import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('lets a burst through, then refills at the rate and says how long to wait', () => {
    const bucket = new TokenBucket(50, 200, 0);
    expect(bucket.take(150, 0)).toBe(0);
    expect(bucket.take(50, 0)).toBe(0);
    expect(bucket.take(1, 0)).toBe(20);
    expect(bucket.take(10, 100)).toBe(100);
    expect(bucket.take(10, 200)).toBe(0);
  });

  it('takes a batch larger than the burst from a full bucket, into debt', () => {
    const bucket = new TokenBucket(10, 20, 0);
    expect(bucket.take(50, 0)).toBe(0);
    // 30 in debt: one event needs 31 tokens → 3.1 s.
    expect(bucket.take(1, 0)).toBe(3100);
    expect(bucket.take(30, 1000)).toBe(4000);
    expect(bucket.take(20, 5000)).toBe(0);
  });
});
