import type { OutputPreset } from './scene-types';

/** Smallest layer side, in output-frame units: still big enough to grab on the canvas. */
export const MIN_LAYER_SIZE = 0.01;
/** Crop may cut at most this much of a source on each axis (left + right, top + bottom). */
export const MAX_CROP_SUM = 0.9;
/** Channel and master gain range in dB; beyond it, mute instead. */
export const MIN_GAIN_DB = -60;
export const MAX_GAIN_DB = 20;
export const MAX_TRANSITION_MS = 10_000;

export const OUTPUT_PRESETS: readonly OutputPreset[] = ['720p30', '1080p30', '1080p60'];

export interface OutputFormat {
  width: number;
  height: number;
  frameRate: number;
}

export function outputFormat(preset: OutputPreset): OutputFormat {
  switch (preset) {
    case '720p30':
      return { width: 1280, height: 720, frameRate: 30 };
    case '1080p30':
      return { width: 1920, height: 1080, frameRate: 30 };
    case '1080p60':
      return { width: 1920, height: 1080, frameRate: 60 };
  }
}

/** Degrees into (-180, 180], so equal angles compare equal and the editor shows small numbers. */
export function normalizeRotation(degrees: number): number {
  const r = degrees % 360;
  if (r > 180) return r - 360;
  if (r <= -180) return r + 360;
  return r === 0 ? 0 : r; // no -0
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
