import { describe, expect, it } from 'vitest';
import { BitrateHistory } from './bitrate-history';

describe('BitrateHistory', () => {
  it('keeps the last span of samples per stream, oldest first', () => {
    const history = new BitrateHistory(3_000);
    for (let at = 0; at <= 5_000; at += 1_000) history.record(at, new Map([['a', at]]));
    expect(history.of('a').map((sample) => sample.at)).toEqual([2_000, 3_000, 4_000, 5_000]);
    expect(history.of('a').at(-1)).toEqual({ at: 5_000, bitsPerSecond: 5_000 });
  });

  it('forgets a stream that is no longer live', () => {
    const history = new BitrateHistory();
    history.record(
      0,
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    );
    history.record(1_000, new Map([['b', 3]]));
    expect(history.of('a')).toEqual([]);
    expect(history.of('b')).toHaveLength(2);
  });
});
