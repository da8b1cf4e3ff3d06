import { describe, expect, it } from 'vitest';
import { catchUp, LIVE_TARGET_S, MAX_CATCH_UP_RATE } from './live-catch-up';

describe('catchUp', () => {
  it('plays at normal speed near the target', () => {
    expect(catchUp(1.5, 1.5, 1)).toEqual({ kind: 'rate', rate: 1 });
    expect(catchUp(1.58, 1.5, 1)).toEqual({ kind: 'rate', rate: 1 });
  });

  it('speeds up in proportion to the distance, up to the cap', () => {
    expect(catchUp(2, 1.5, 1)).toEqual({ kind: 'rate', rate: 1.05 });
    expect(catchUp(3.5, 1.5, 2)).toEqual({ kind: 'rate', rate: MAX_CATCH_UP_RATE });
  });

  it('slows down when the buffer is about to run dry', () => {
    expect(catchUp(0.4, 0.4, 0.05)).toEqual({ kind: 'rate', rate: 0.95 });
  });

  it('jumps when far behind', () => {
    expect(catchUp(8, 1.5, 6)).toEqual({ kind: 'jump' });
  });

  it('has a target for every HTTP and WebSocket protocol in every mode, growing with compatibility', () => {
    for (const protocol of ['ws-mp4', 'll-hls', 'hls', 'll-dash', 'dash', 'mp4'] as const) {
      expect(LIVE_TARGET_S.lowest[protocol]!).toBeLessThan(LIVE_TARGET_S.balanced[protocol]!);
      expect(LIVE_TARGET_S.balanced[protocol]!).toBeLessThan(LIVE_TARGET_S.compatible[protocol]!);
    }
  });
});
