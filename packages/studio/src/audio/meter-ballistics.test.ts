import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BALLISTICS,
  meterLevels,
  resetClip,
  silentMeter,
  updateMeter,
  type MeterState,
} from './meter-ballistics';

/** Feeds windows of `peakDb` every 1000/30 ms from `fromMs` until `toMs`; returns the last state. */
function feed(state: MeterState, peakDb: number, fromMs: number, toMs: number): MeterState {
  let current = state;
  for (let t = fromMs; t <= toMs + 1e-9; t += 1000 / 30)
    current = updateMeter(current, { peakDb, rmsDb: peakDb - 3 }, t);
  return current;
}

describe('meter ballistics', () => {
  it('starts silent', () => {
    expect(meterLevels(silentMeter())).toEqual({
      peakDb: -Infinity,
      rmsDb: -Infinity,
      holdDb: -Infinity,
      clipped: false,
    });
  });

  it('reports the latest window and raises the hold marker to a new peak at once', () => {
    const state = updateMeter(silentMeter(), { peakDb: -12, rmsDb: -15 }, 1000);
    expect(meterLevels(state)).toEqual({ peakDb: -12, rmsDb: -15, holdDb: -12, clipped: false });
  });

  it('holds a peak for 1.5 s after it rose, then falls at 20 dB/s', () => {
    let state = updateMeter(silentMeter(), { peakDb: -6, rmsDb: -9 }, 0);
    state = feed(state, -40, 1000 / 30, 1499);
    expect(state.holdDb).toBe(-6);
    expect(state.peakDb).toBe(-40);
    state = updateMeter(state, { peakDb: -40, rmsDb: -43 }, 2000);
    expect(state.holdDb).toBeCloseTo(-6 - 20 * 0.5, 9);
    state = updateMeter(state, { peakDb: -40, rmsDb: -43 }, 2500);
    expect(state.holdDb).toBeCloseTo(-26, 9);
  });

  it('lets the falling marker meet the signal, never go below it', () => {
    let state = updateMeter(silentMeter(), { peakDb: -6, rmsDb: -9 }, 0);
    // After 1.5 s hold + 1 s fall the marker would be at −26; the signal sits at −20.
    state = feed(state, -20, 100, 2500);
    expect(state.holdDb).toBe(-20);
    // The marker now holds −20 from when it met the signal: it stays there while the signal stops.
    const met = state.heldAtMs;
    state = updateMeter(state, { peakDb: -Infinity, rmsDb: -Infinity }, met + 1400);
    expect(state.holdDb).toBe(-20);
    state = updateMeter(state, { peakDb: -Infinity, rmsDb: -Infinity }, met + 2000);
    expect(state.holdDb).toBeCloseTo(-30, 9);
  });

  it('re-arms the hold time when a new peak arrives while holding', () => {
    let state = updateMeter(silentMeter(), { peakDb: -10, rmsDb: -13 }, 0);
    state = updateMeter(state, { peakDb: -3, rmsDb: -6 }, 1000);
    state = updateMeter(state, { peakDb: -50, rmsDb: -53 }, 2400);
    expect(state.holdDb).toBe(-3);
    state = updateMeter(state, { peakDb: -50, rmsDb: -53 }, 2600);
    expect(state.holdDb).toBeCloseTo(-5, 9);
  });

  it('latches the clip light at −0.1 dBFS until reset', () => {
    let state = updateMeter(silentMeter(), { peakDb: -0.2, rmsDb: -3 }, 0);
    expect(state.clipped).toBe(false);
    state = updateMeter(state, { peakDb: DEFAULT_BALLISTICS.clipDb, rmsDb: -3 }, 33);
    expect(state.clipped).toBe(true);
    state = feed(state, -30, 66, 5000);
    expect(state.clipped).toBe(true);
    state = resetClip(state);
    expect(state.clipped).toBe(false);
    expect(state.peakDb).toBe(-30);
    state = updateMeter(state, { peakDb: 0.5, rmsDb: -1 }, 5100);
    expect(state.clipped).toBe(true);
  });

  it('takes other hold and fall settings', () => {
    const options = { holdMs: 500, fallDbPerSecond: 10, clipDb: -1 };
    let state = updateMeter(silentMeter(), { peakDb: -1, rmsDb: -4 }, 0, options);
    expect(state.clipped).toBe(true);
    state = updateMeter(state, { peakDb: -60, rmsDb: -63 }, 1500, options);
    expect(state.holdDb).toBeCloseTo(-11, 9);
  });
});
