/**
 * What a level meter shows, from the raw per-window measurements the meter worklet posts: the
 * window's peak and RMS, a peak-hold marker that stays put for a while and then falls, and a clip
 * light that stays on until someone resets it (a clip is easy to miss at 30 updates a second).
 * Pure: time comes in as an argument (the audio clock), so the UI only renders numbers.
 */

export interface BallisticsOptions {
  /** How long the peak-hold marker stays at a new peak before falling. */
  holdMs: number;
  /** How fast it falls afterwards. */
  fallDbPerSecond: number;
  /** A window peak at or above this lights the clip indicator. */
  clipDb: number;
}

export const DEFAULT_BALLISTICS: BallisticsOptions = { holdMs: 1500, fallDbPerSecond: 20, clipDb: -0.1 };

/** One meter's state; all levels in dBFS, −∞ for silence. */
export interface MeterLevels {
  /** Peak of the latest window. */
  peakDb: number;
  /** RMS of the latest window. */
  rmsDb: number;
  /** The peak-hold marker. */
  holdDb: number;
  /** Latched once a window peak reached `clipDb`; cleared only by `resetClip`. */
  clipped: boolean;
}

export interface MeterState extends MeterLevels {
  /** Audio-clock time of the latest window, ms. */
  atMs: number;
  /** Where and when the hold marker last rose: the fall is computed from here. */
  heldDb: number;
  heldAtMs: number;
}

export function silentMeter(): MeterState {
  return {
    peakDb: -Infinity,
    rmsDb: -Infinity,
    holdDb: -Infinity,
    clipped: false,
    atMs: 0,
    heldDb: -Infinity,
    heldAtMs: 0,
  };
}

/** The hold marker at `nowMs`: flat for `holdMs` after it rose, then falling at a constant rate. */
function decayedHold(state: MeterState, nowMs: number, options: BallisticsOptions): number {
  const fallingMs = nowMs - state.heldAtMs - options.holdMs;
  if (fallingMs <= 0) return state.heldDb;
  return state.heldDb - (options.fallDbPerSecond * fallingMs) / 1000;
}

/** Folds one measured window (peak and RMS in dBFS, at audio time `nowMs`) into the meter. */
export function updateMeter(
  state: MeterState,
  window: { peakDb: number; rmsDb: number },
  nowMs: number,
  options: BallisticsOptions = DEFAULT_BALLISTICS,
): MeterState {
  const decayed = decayedHold(state, nowMs, options);
  // A peak at or above the falling marker re-arms it: the marker never sits below the signal.
  const rises = window.peakDb >= decayed;
  const heldDb = rises ? window.peakDb : state.heldDb;
  const heldAtMs = rises ? nowMs : state.heldAtMs;
  return {
    peakDb: window.peakDb,
    rmsDb: window.rmsDb,
    holdDb: rises ? window.peakDb : decayed,
    clipped: state.clipped || window.peakDb >= options.clipDb,
    atMs: nowMs,
    heldDb,
    heldAtMs,
  };
}

export function resetClip(state: MeterState): MeterState {
  return { ...state, clipped: false };
}

/** The public part of a meter's state. */
export function meterLevels(state: MeterState): MeterLevels {
  return { peakDb: state.peakDb, rmsDb: state.rmsDb, holdDb: state.holdDb, clipped: state.clipped };
}
