import type { OutputPreset } from '../scene/scene-types';

/** The program output's size in pixels and its frame rate. */
export interface OutputFormat {
  width: number;
  height: number;
  frameRate: number;
}

/** The output presets the studio offers (scene-types `OutputPreset`). */
export const OUTPUT_PRESETS: Readonly<Record<OutputPreset, Readonly<OutputFormat>>> = {
  '720p30': { width: 1280, height: 720, frameRate: 30 },
  '1080p30': { width: 1920, height: 1080, frameRate: 30 },
  '1080p60': { width: 1920, height: 1080, frameRate: 60 },
};

/** The format of a preset (a copy: callers may change it). */
export function outputFormat(preset: OutputPreset): OutputFormat {
  return { ...OUTPUT_PRESETS[preset] };
}

/** Whole, positive pixels and a rate within 1..120: what the canvases and the frame clock accept. */
export function isValidOutputFormat(format: OutputFormat): boolean {
  return (
    Number.isInteger(format.width) &&
    Number.isInteger(format.height) &&
    format.width > 0 &&
    format.height > 0 &&
    format.width <= 7680 &&
    format.height <= 4320 &&
    format.frameRate >= 1 &&
    format.frameRate <= 120
  );
}
