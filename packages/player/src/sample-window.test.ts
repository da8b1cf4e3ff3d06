import { describe, expect, it } from 'vitest';
import { SampleWindow, median } from './sample-window';

describe('median', () => {
  it('is undefined for no samples', () => {
    expect(median([])).toBeUndefined();
  });
  it('takes the middle of odd and the mean of the middle two of even counts', () => {
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('SampleWindow', () => {
  it('keeps the last N samples oldest first and counts all of them', () => {
    const w = new SampleWindow(3);
    for (const v of [1, 2, 3, 4, 5]) w.push(v);
    expect(w.values()).toEqual([3, 4, 5]);
    expect(w.count).toBe(5);
    expect(w.last).toBe(5);
    expect(w.median()).toBe(4);
  });
  it('starts empty again after clear()', () => {
    const w = new SampleWindow(2);
    w.push(7);
    w.clear();
    expect(w.values()).toEqual([]);
    expect(w.count).toBe(0);
    expect(w.last).toBeUndefined();
    expect(w.median()).toBeUndefined();
  });
  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new SampleWindow(0)).toThrow(RangeError);
  });
});
