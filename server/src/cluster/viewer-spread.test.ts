import { describe, expect, it } from 'vitest';
import { spreadSessionLocation, spreadSessionTarget, ViewerSpread } from './viewer-spread';

const allUp = () => true;

describe('ViewerSpread', () => {
  it('keeps a quiet stream on its worker, then spreads to the least loaded worker', () => {
    const spread = new ViewerSpread(3, 2);
    expect(spread.choose('cam', 1, allUp)).toBe(1);
    expect(spread.choose('cam', 1, allUp)).toBe(1);
    // Two viewers on worker 1 now: the next goes to an idle worker, and they take turns.
    const next = [spread.choose('cam', 1, allUp), spread.choose('cam', 1, allUp)];
    expect(next.sort()).toEqual([0, 2]);
    // Reports replace what was routed: worker 0 is busy with another stream.
    spread.report(0, new Map([['other', 10]]));
    spread.report(1, new Map([['cam', 2]]));
    spread.report(2, new Map([['cam', 1]]));
    expect(spread.choose('cam', 1, allUp)).toBe(2);
  });

  it('the holder wins a tie; a worker that is down takes nobody', () => {
    const spread = new ViewerSpread(2, 0);
    expect(spread.choose('cam', 1, allUp)).toBe(1);
    expect(spread.choose('cam', 1, allUp)).toBe(0);
    expect(spread.choose('cam', 1, (index) => index !== 0)).toBe(1);
    spread.forget(1);
    expect(spread.choose('x', 0, (index) => index !== 0)).toBe(1);
  });
});

describe('spread WHEP session ids', () => {
  it('marks the Location with the worker, and routes PATCH/DELETE back by it', () => {
    const location = spreadSessionLocation('/whep/live+bob/0123abcd', 3);
    expect(location).toBe('/whep/live+bob/w3-0123abcd');
    expect(spreadSessionTarget(location)).toEqual({ index: 3, url: '/whep/live+bob/0123abcd' });
    expect(spreadSessionTarget(`${location}?x=1`)).toEqual({ index: 3, url: '/whep/live+bob/0123abcd?x=1' });
    for (const url of [
      '/whep/cam/0123abcd',
      '/whip/cam/w1-0123',
      '/whep/cam',
      '/whep/cam/w1-x/y',
      '/hls/cam/w1-x',
    ]) {
      expect(spreadSessionTarget(url), url).toBeUndefined();
    }
  });
});
