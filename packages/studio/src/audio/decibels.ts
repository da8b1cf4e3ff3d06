/**
 * Level and gain conversions. Channel faders run from MIN_GAIN_DB to MAX_GAIN_DB; at the bottom
 * stop the fader is −∞ (a true zero gain), as on a desk, so "all the way down" is silence rather
 * than a faint −60 dB.
 */
export const MIN_GAIN_DB = -60;
export const MAX_GAIN_DB = 20;

/** Keeps a fader value in range; anything at or below the bottom stop becomes −∞. */
export function clampGainDb(db: number): number {
  if (Number.isNaN(db) || db <= MIN_GAIN_DB) return -Infinity;
  return Math.min(db, MAX_GAIN_DB);
}

/** A fader value in dB to a linear gain factor (0 at the bottom stop). */
export function dbToGain(db: number): number {
  const clamped = clampGainDb(db);
  return clamped === -Infinity ? 0 : 10 ** (clamped / 20);
}

/** A linear amplitude (1 = full scale) to dBFS; silence is −∞. */
export function amplitudeToDb(amplitude: number): number {
  const magnitude = Math.abs(amplitude);
  return magnitude > 0 ? 20 * Math.log10(magnitude) : -Infinity;
}
