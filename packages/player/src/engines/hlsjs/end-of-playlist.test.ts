import { describe, expect, it } from 'vitest';
import { isStuckAtEnd, type EndState } from './end-of-playlist';

/** The stall e2e caught: video buffered to 40.618, the last part listed to 40.773. */
const STUCK: EndState = { live: false, edge: 40.773, currentTime: 40.663, bufferAhead: 0, paused: false };

describe('isStuckAtEnd', () => {
  it('is true for a playing element out of media at the end of an ended playlist', () => {
    expect(isStuckAtEnd(STUCK)).toBe(true);
    expect(isStuckAtEnd({ ...STUCK, currentTime: 40.9 })).toBe(true);
  });

  it('is false while the playlist is live, the viewer paused, or media is left', () => {
    expect(isStuckAtEnd({ ...STUCK, live: true })).toBe(false);
    expect(isStuckAtEnd({ ...STUCK, paused: true })).toBe(false);
    expect(isStuckAtEnd({ ...STUCK, bufferAhead: 0.3 })).toBe(false);
  });

  it('is false for a stall well before the end', () => {
    expect(isStuckAtEnd({ ...STUCK, currentTime: 39 })).toBe(false);
  });
});
