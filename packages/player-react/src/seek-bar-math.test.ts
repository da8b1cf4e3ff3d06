import { describe, expect, it } from 'vitest';
import {
  bufferedSpans,
  fractionOf,
  pointerFraction,
  secondsBehindLive,
  seekIntent,
  seekValueText,
  seekWindow,
  timeAt,
  timeLabel,
} from './seek-bar-math';
import { DEFAULT_STRINGS } from './strings';

describe('seekWindow', () => {
  it('spans a VoD from its seekable range, or from its duration', () => {
    expect(seekWindow({ live: false, duration: 60, seekable: { start: 0, end: 60 } })).toEqual({
      start: 0,
      end: 60,
      live: false,
    });
    expect(seekWindow({ live: false, duration: 60, seekable: undefined })).toEqual({
      start: 0,
      end: 60,
      live: false,
    });
    expect(seekWindow({ live: false, duration: Number.NaN, seekable: undefined })).toBeUndefined();
  });
  it('spans a live DVR window only when it is long enough', () => {
    expect(seekWindow({ live: true, duration: Infinity, seekable: { start: 40, end: 100 } })).toEqual({
      start: 40,
      end: 100,
      live: true,
    });
    expect(seekWindow({ live: true, duration: Infinity, seekable: { start: 94, end: 100 } })).toBeUndefined();
    expect(seekWindow({ live: true, duration: Infinity, seekable: undefined })).toBeUndefined();
  });
});

describe('bar geometry', () => {
  const window = { start: 40, end: 100, live: false };
  it('maps times to fractions and back, clamped', () => {
    expect(fractionOf(70, window)).toBe(0.5);
    expect(fractionOf(10, window)).toBe(0);
    expect(fractionOf(130, window)).toBe(1);
    expect(timeAt(0.25, window)).toBe(55);
    expect(timeAt(2, window)).toBe(100);
  });
  it('maps a pointer to a fraction, and copes with an unlaid element', () => {
    expect(pointerFraction(150, { left: 100, width: 200 })).toBe(0.25);
    expect(pointerFraction(50, { left: 100, width: 200 })).toBe(0);
    expect(pointerFraction(150, { left: 0, width: 0 })).toBe(0);
  });
  it('clips buffered ranges to the window and drops empty ones', () => {
    expect(
      bufferedSpans(
        [
          { start: 0, end: 10 },
          { start: 30, end: 70 },
          { start: 85, end: 200 },
        ],
        window,
      ),
    ).toEqual([
      { from: 0, to: 0.5 },
      { from: 0.75, to: 1 },
    ]);
  });
});

describe('live positions', () => {
  const live = { start: 40, end: 100, live: true };
  it('labels points by their distance to the edge', () => {
    expect(timeLabel(88, live)).toBe('-0:12');
    expect(timeLabel(88, { ...live, live: false })).toBe('1:28');
  });
  it('says where the playhead is for screen readers', () => {
    expect(seekValueText(88, live, DEFAULT_STRINGS)).toBe('0:12 behind live');
    expect(seekValueText(99, live, DEFAULT_STRINGS)).toBe('Playing live');
    expect(seekValueText(83, { start: 0, end: 296, live: false }, DEFAULT_STRINGS)).toBe('1:23 of 4:56');
  });
  it('turns a seek near the edge into go-live and clamps the others', () => {
    expect(seekIntent(98, live)).toEqual({ type: 'live' });
    expect(seekIntent(20, live)).toEqual({ type: 'seek', time: 40 });
    expect(seekIntent(99, { ...live, live: false })).toEqual({ type: 'seek', time: 99 });
  });
  it('measures the distance behind live from the window, else the engine estimate', () => {
    expect(secondsBehindLive({ seekable: { start: 0, end: 100 }, currentTime: 90, liveLatency: 3 })).toBe(10);
    expect(secondsBehindLive({ seekable: undefined, currentTime: 90, liveLatency: 3 })).toBe(3);
    expect(secondsBehindLive({ seekable: undefined, currentTime: 90, liveLatency: undefined })).toBe(0);
  });
});
