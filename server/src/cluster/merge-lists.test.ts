import { describe, expect, it } from 'vitest';
import { workerOf } from './cluster-route';
import { mergeLists } from './merge-lists';

/** A stream name held by worker `index` of 2. */
const on = (index: number, prefix: string) => {
  for (let i = 0; ; i++) if (workerOf(`${prefix}${i}`, 2) === index) return `${prefix}${i}`;
};

describe('mergeLists', () => {
  it('lists each stream once, as the worker holding it says', () => {
    const a = on(0, 'a');
    const b = on(1, 'b');
    // A configured stream is listed offline by both; only its holder knows it is live.
    const merged = mergeLists('streams', [
      {
        streams: [
          { name: a, state: 'live' },
          { name: b, state: 'offline' },
        ],
      },
      {
        streams: [
          { name: a, state: 'offline' },
          { name: b, state: 'live' },
        ],
      },
    ]);
    expect(merged).toEqual({
      streams: [
        { name: a, state: 'live' },
        { name: b, state: 'live' },
      ],
    });
  });

  it('joins sessions, keeps a recording active if its writer says so, and skips a missing worker', () => {
    expect(mergeLists('sessions', [{ sessions: [{ id: '1' }] }, {}, { sessions: [{ id: '2' }] }])).toEqual({
      sessions: [{ id: '1' }, { id: '2' }],
    });
    const merged = mergeLists('recordings', [
      { recordings: [{ file: 'cam/x.mp4', active: false, bytes: 10 }] },
      {
        recordings: [
          { file: 'cam/x.mp4', active: true, bytes: 20 },
          { file: 'cam/y.mp4', active: false },
        ],
      },
    ]);
    expect(merged).toEqual({
      recordings: [
        { file: 'cam/x.mp4', active: true, bytes: 20 },
        { file: 'cam/y.mp4', active: false },
      ],
    });
  });

  it('stats: one entry per stream, a fresh time', () => {
    const merged = mergeLists('stats', [
      { at: 1, streams: [{ name: 'x' }] },
      { at: 2, streams: [{ name: 'x' }] },
    ]) as {
      at: number;
      streams: unknown[];
    };
    expect(merged.streams).toHaveLength(1);
    expect(merged.at).toBeGreaterThan(2);
  });

  it("stats: a stream's viewers on every worker add up, its state is its holder's", () => {
    const x = on(0, 'x');
    const merged = mergeLists('stats', [
      { streams: [{ name: x, state: 'live', bitrate: 900, viewers: { total: 30, whep: 25, 'll-hls': 5 } }] },
      // The sibling serving spread viewers: it pulls the stream (its own state is of the pull).
      { streams: [{ name: x, state: 'live', bitrate: 0, viewers: { total: 12, whep: 10, 'ws-mp4': 2 } }] },
    ]) as { streams: unknown[] };
    expect(merged.streams).toEqual([
      {
        name: x,
        state: 'live',
        bitrate: 900,
        viewers: { total: 42, whep: 35, 'll-hls': 5, 'ws-mp4': 2 },
      },
    ]);
  });
});
