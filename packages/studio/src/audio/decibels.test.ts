import { describe, expect, it } from 'vitest';
import { amplitudeToDb, clampGainDb, dbToGain, MAX_GAIN_DB, MIN_GAIN_DB } from './decibels';

describe('decibels', () => {
  it('maps the fader range to linear gain', () => {
    expect(dbToGain(0)).toBe(1);
    expect(dbToGain(-6)).toBeCloseTo(0.501, 3);
    expect(dbToGain(20)).toBeCloseTo(10, 10);
    expect(dbToGain(-59.9)).toBeCloseTo(0.00101, 5);
  });

  it('makes the bottom stop and anything below it a true zero', () => {
    expect(clampGainDb(MIN_GAIN_DB)).toBe(-Infinity);
    expect(clampGainDb(-80)).toBe(-Infinity);
    expect(clampGainDb(Number.NaN)).toBe(-Infinity);
    expect(dbToGain(MIN_GAIN_DB)).toBe(0);
    expect(dbToGain(-Infinity)).toBe(0);
  });

  it('caps the top of the fader', () => {
    expect(clampGainDb(35)).toBe(MAX_GAIN_DB);
    expect(dbToGain(35)).toBeCloseTo(10, 10);
  });

  it('converts amplitudes to dBFS, signed or not', () => {
    expect(amplitudeToDb(1)).toBe(0);
    expect(amplitudeToDb(-0.5)).toBeCloseTo(-6.0206, 4);
    expect(amplitudeToDb(0)).toBe(-Infinity);
    expect(amplitudeToDb(dbToGain(-12.5))).toBeCloseTo(-12.5, 10);
  });
});
