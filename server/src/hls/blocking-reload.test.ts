import { describe, expect, it } from 'vitest';
import type { PartRef, RenditionSnapshot, SegmentRef } from '../segments/segment-model';
import {
  advancePartLimit,
  parseDeliveryDirectives,
  reloadDecision,
  type DeliveryDirectives,
} from './blocking-reload';

const PART_TARGET = { partTargetS: 0.25 };

function segment(msn: number, parts = 4, complete = true): SegmentRef {
  const partList: PartRef[] = Array.from({ length: parts }, (_, index) => ({
    index,
    startMs: msn * 1000 + index * 250,
    durationMs: 250,
    independent: index === 0,
  }));
  return { msn, startMs: msn * 1000, durationMs: parts * 250, complete, independent: true, parts: partList };
}

function inProgress(msn: number, parts: number): SegmentRef {
  return segment(msn, parts, false);
}

function rendition(segments: SegmentRef[], ended = false): RenditionSnapshot {
  return { kind: 'video', codec: 'avc1.42e01f', bandwidth: 1_000_000, segments, ended };
}

function decide(snapshot: RenditionSnapshot, directives: DeliveryDirectives) {
  return reloadDecision(snapshot, directives, PART_TARGET);
}

describe('parseDeliveryDirectives', () => {
  it('returns no directive for a plain request, and ignores other query parameters', () => {
    expect(parseDeliveryDirectives({})).toEqual({});
    expect(parseDeliveryDirectives({ token: 'abc', _HLS_other: '1' })).toEqual({});
  });

  it('reads _HLS_msn alone and with _HLS_part', () => {
    expect(parseDeliveryDirectives({ _HLS_msn: '42' })).toEqual({ msn: 42 });
    expect(parseDeliveryDirectives({ _HLS_msn: '42', _HLS_part: '0' })).toEqual({ msn: 42, part: 0 });
    expect(parseDeliveryDirectives({ _HLS_msn: '007', _HLS_part: '3' })).toEqual({ msn: 7, part: 3 });
  });

  it('takes numbers from a query parser that already converted them', () => {
    expect(parseDeliveryDirectives({ _HLS_msn: 5, _HLS_part: 1 })).toEqual({ msn: 5, part: 1 });
  });

  it('refuses _HLS_part without _HLS_msn (§6.2.5.2 MUST)', () => {
    expect(parseDeliveryDirectives({ _HLS_part: '2' })).toEqual({
      error: expect.stringContaining('_HLS_msn'),
    });
  });

  it.each([
    ['negative', '-1'],
    ['fractional', '1.5'],
    ['signed', '+3'],
    ['empty', ''],
    ['not a number', 'abc'],
    ['exponent', '1e3'],
    ['spaced', ' 4'],
    ['beyond 2^53', '9007199254740993'],
  ])('refuses a %s _HLS_msn', (_, value) => {
    expect(parseDeliveryDirectives({ _HLS_msn: value })).toEqual({
      error: expect.stringContaining('_HLS_msn'),
    });
  });

  it('refuses a bad _HLS_part, and bad numbers that were already converted', () => {
    expect(parseDeliveryDirectives({ _HLS_msn: '1', _HLS_part: '-2' })).toEqual({
      error: expect.stringContaining('_HLS_part'),
    });
    expect(parseDeliveryDirectives({ _HLS_msn: 1.5 })).toHaveProperty('error');
    expect(parseDeliveryDirectives({ _HLS_msn: -1 })).toHaveProperty('error');
    expect(parseDeliveryDirectives({ _HLS_msn: true })).toHaveProperty('error');
  });

  it('refuses a directive given twice', () => {
    expect(parseDeliveryDirectives({ _HLS_msn: ['1', '2'] })).toEqual({
      error: expect.stringContaining('more than once'),
    });
  });

  it('keeps _HLS_skip=YES or v2 and ignores any other value (the server ignores skip anyway)', () => {
    expect(parseDeliveryDirectives({ _HLS_msn: '3', _HLS_skip: 'YES' })).toEqual({ msn: 3, skip: 'YES' });
    expect(parseDeliveryDirectives({ _HLS_skip: 'v2' })).toEqual({ skip: 'v2' });
    expect(parseDeliveryDirectives({ _HLS_skip: 'yes' })).toEqual({});
  });
});

describe('reloadDecision', () => {
  const live = rendition([segment(10), segment(11), inProgress(12, 2)]);

  it('answers a request without directives at once', () => {
    expect(decide(live, {})).toBe('ready');
  });

  describe('_HLS_msn alone', () => {
    it('is ready once that segment is complete', () => {
      expect(decide(live, { msn: 11 })).toBe('ready');
    });

    it('waits while that segment is in progress or not started', () => {
      expect(decide(live, { msn: 12 })).toBe('wait');
      expect(decide(live, { msn: 13 })).toBe('wait');
    });

    it('is ready when a later segment is complete', () => {
      expect(decide(rendition([segment(10), segment(11)]), { msn: 10 })).toBe('ready');
    });
  });

  describe('_HLS_msn with _HLS_part', () => {
    it('is ready once that part is listed', () => {
      expect(decide(live, { msn: 12, part: 1 })).toBe('ready');
      expect(decide(live, { msn: 12, part: 0 })).toBe('ready');
    });

    it('waits for the next part of the in-progress segment', () => {
      expect(decide(live, { msn: 12, part: 2 })).toBe('wait');
      expect(decide(live, { msn: 12, part: 5 })).toBe('wait');
    });

    it('waits for part 0 of a segment that has not started', () => {
      expect(decide(live, { msn: 13, part: 0 })).toBe('wait');
      expect(decide(rendition([segment(10), inProgress(11, 0)]), { msn: 11, part: 0 })).toBe('wait');
    });

    it('is ready for a part of a complete segment', () => {
      expect(decide(live, { msn: 11, part: 3 })).toBe('ready');
    });

    it('treats an index past the last part of a complete segment as part 0 of the next (§6.2.5.2 MUST)', () => {
      const boundary = rendition([segment(10), segment(11)]);
      expect(decide(boundary, { msn: 11, part: 4 })).toBe('wait');
      expect(decide(boundary, { msn: 11, part: 6 })).toBe('wait');
      expect(decide(rendition([segment(10), segment(11), inProgress(12, 0)]), { msn: 11, part: 4 })).toBe(
        'wait',
      );
      expect(decide(rendition([segment(10), segment(11), inProgress(12, 1)]), { msn: 11, part: 4 })).toBe(
        'ready',
      );
      expect(decide(rendition([segment(10), segment(11, 3), inProgress(12, 1)]), { msn: 11, part: 3 })).toBe(
        'ready',
      );
    });

    it('is ready when the segment after a jump in msn has a part', () => {
      const jumped = rendition([segment(10), inProgress(13, 1)]);
      expect(decide(jumped, { msn: 11, part: 0 })).toBe('ready');
      expect(decide(jumped, { msn: 13, part: 0 })).toBe('ready');
      expect(decide(jumped, { msn: 13, part: 1 })).toBe('wait');
      expect(decide(jumped, { msn: 12 })).toBe('ready');
      expect(decide(jumped, { msn: 13 })).toBe('wait');
    });
  });

  it('answers a directive older than the window at once (§6.2.5.2: the whole playlist, even if gone)', () => {
    expect(decide(live, { msn: 2 })).toBe('ready');
    expect(decide(live, { msn: 2, part: 9 })).toBe('ready');
  });

  it('ignores directives once the rendition ended (§6.2.5.2 MUST)', () => {
    const ended = rendition([segment(10), segment(11)], true);
    expect(decide(ended, { msn: 12, part: 0 })).toBe('ready');
    expect(decide(ended, { msn: 1000 })).toBe('ready');
    expect(decide(rendition([], true), {})).toBe('ready');
  });

  it('waits while no segment is complete: hls.js refuses a playlist without one (LEVEL_EMPTY_ERROR)', () => {
    expect(decide(rendition([]), {})).toBe('wait');
    expect(decide(rendition([]), { msn: 0 })).toBe('wait');
    expect(decide(rendition([inProgress(0, 3)]), {})).toBe('wait');
    expect(decide(rendition([inProgress(0, 3)]), { msn: 0, part: 1 })).toBe('wait');
    expect(decide(rendition([segment(0), inProgress(1, 0)]), {})).toBe('ready');
  });

  describe('refuses a request too far ahead (§6.2.5.2 SHOULD: 400)', () => {
    it('_HLS_msn more than two past the last complete segment', () => {
      expect(decide(live, { msn: 13 })).toBe('wait');
      expect(decide(live, { msn: 14 })).toEqual({ error: expect.stringContaining('_HLS_msn=14') });
      const boundary = rendition([segment(10), segment(11)]);
      expect(decide(boundary, { msn: 13, part: 0 })).toBe('wait');
      expect(decide(boundary, { msn: 14, part: 0 })).toHaveProperty('error');
    });

    it('counts a gap placeholder as a segment', () => {
      expect(decide(rendition([segment(10), inProgress(13, 1)]), { msn: 14, part: 0 })).toBe('wait');
    });

    it('_HLS_part more than the Advance Part Limit past the newest part', () => {
      // PART-TARGET 0.25 s: the limit is 12 parts. The newest part is 12.1.
      expect(decide(live, { msn: 12, part: 13 })).toBe('wait');
      expect(decide(live, { msn: 12, part: 14 })).toEqual({
        error: expect.stringContaining('Advance Part Limit'),
      });
      expect(decide(live, { msn: 13, part: 11 })).toBe('wait');
      expect(decide(live, { msn: 13, part: 12 })).toHaveProperty('error');
      expect(reloadDecision(live, { msn: 12, part: 5 }, { partTargetS: 1 })).toHaveProperty('error');
    });

    it('does not apply the part limit to older segments', () => {
      expect(decide(live, { msn: 11, part: 40 })).toBe('ready');
    });

    it('even while no segment is complete', () => {
      expect(decide(rendition([inProgress(5, 1)]), { msn: 7 })).toHaveProperty('error');
    });
  });

  it('an hls.js-style client in low-latency mode is answered once per new part, never spinning', () => {
    // The segmenter publishes a part every 250 ms; every fourth part completes its segment, and the
    // next segment's first part follows in the next step (so there is a snapshot with none yet).
    const snapshots: RenditionSnapshot[] = [];
    const segments: SegmentRef[] = [segment(0)];
    for (let msn = 1; msn <= 4; msn += 1) {
      for (let parts = 0; parts <= 4; parts += 1) {
        const current = parts < 4 ? inProgress(msn, parts) : segment(msn);
        snapshots.push(rendition([...segments, current]));
      }
      segments.push(segment(msn));
    }

    let directives: DeliveryDirectives = {};
    const answeredAt: string[] = [];
    for (const snapshot of snapshots) {
      const decision = decide(snapshot, directives);
      if (decision !== 'ready') {
        expect(decision).toBe('wait');
        continue;
      }
      const view = clientView(snapshot);
      answeredAt.push(`${view.lastPartSn}.${view.lastPartIndex}`);
      directives = nextDirectives(view);
      expect(decide(snapshot, directives)).toBe('wait');
    }
    expect(answeredAt).toEqual([
      '0.3', // the first, plain request (segment 0 is complete; segment 1 has no part yet)
      ...[1, 2, 3, 4].flatMap((msn) => [0, 1, 2, 3].map((index) => `${msn}.${index}`)),
    ]);
  });
});

describe('advancePartLimit', () => {
  it('is 3 / PART-TARGET under a second, else 3', () => {
    expect(advancePartLimit(0.25)).toBe(12);
    expect(advancePartLimit(0.5)).toBe(6);
    expect(advancePartLimit(1)).toBe(3);
    expect(advancePartLimit(2)).toBe(3);
    expect(() => advancePartLimit(0)).toThrow(RangeError);
  });
});

/** What hls.js reads from a playlist to choose its next directives (`LevelDetails`). */
function clientView(snapshot: RenditionSnapshot) {
  const complete = snapshot.segments.filter((s) => s.complete);
  const withParts = snapshot.segments.filter((s) => s.parts.length > 0);
  const newest = withParts[withParts.length - 1];
  return {
    endSN: complete[complete.length - 1]?.msn ?? 0,
    lastPartSn: newest?.msn ?? 0,
    lastPartIndex: newest ? newest.parts.length - 1 : -1,
  };
}

/** hls.js 1.7 `BasePlaylistController.playlistLoaded` in low-latency mode, without CDN tune-in. */
function nextDirectives(view: ReturnType<typeof clientView>): DeliveryDirectives {
  if (view.lastPartIndex === -1) return { msn: view.endSN + 1 };
  if (view.lastPartSn === view.endSN) return { msn: view.endSN + 1, part: 0 };
  return { msn: view.lastPartSn, part: view.lastPartIndex + 1 };
}
