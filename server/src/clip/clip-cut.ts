import type { AccessUnit, TrackConfig } from '../media/access-unit';
import type { ClipRange } from './clip-range';

/** The units of one clip, ready for a muxer: one video configuration, starting on its keyframe. */
export interface ClipCut {
  video: TrackConfig & { kind: 'video' };
  /** Video from the keyframe on and audio from its time on, in arrival order, all before the end. */
  units: AccessUnit[];
  /** Stream ms of the first keyframe: where the clip really starts. */
  startMs: number;
  /** Stream ms where the clip really ends (the requested end, or a configuration change). */
  endMs: number;
  /** The video configuration changed inside the range, so the clip ends there. */
  truncated: boolean;
}

/**
 * Picks a clip's units without transcoding: from the last video keyframe at or before `range.startMs`
 * (a decoder can start nowhere else) to `range.endMs` (exclusive), audio from that keyframe's time
 * on so the clip starts with both tracks. An MP4 or Matroska track has one `avcC`, so a new video
 * configuration (the encoder changed resolution) ends the clip there, `truncated`.
 *
 * `units` are in arrival order and may begin before the start; the configuration in effect is the
 * latest `config` seen on video, else `fallback` (the stream's). Undefined when no keyframe at or
 * before the start is held, or its configuration is unknown.
 */
export function cutClip(
  units: readonly AccessUnit[],
  range: ClipRange,
  fallback?: TrackConfig,
): ClipCut | undefined {
  let keyIndex: number | undefined;
  let config: TrackConfig | undefined;
  let current: TrackConfig | undefined;
  for (const [index, unit] of units.entries()) {
    if (unit.kind !== 'video') continue;
    if (unit.streamMs > range.startMs) break;
    if (unit.config) current = unit.config;
    if (unit.keyframe) {
      keyIndex = index;
      config = current;
    }
  }
  config ??= fallback;
  if (keyIndex === undefined || config?.kind !== 'video') return undefined;
  const startMs = units[keyIndex]?.streamMs ?? range.startMs;
  const picked: AccessUnit[] = [];
  let endMs = range.endMs;
  let truncated = false;
  for (const unit of units.slice(keyIndex)) {
    // Audio of the last moments may arrive after a later picture: skip, do not stop.
    if (unit.streamMs >= endMs) continue;
    if (unit.kind === 'video') {
      if (unit.config && picked.length > 0 && unit.config !== config && !sameVideo(unit.config, config)) {
        endMs = unit.streamMs;
        truncated = true;
        break;
      }
      picked.push(unit);
    } else if (unit.streamMs >= startMs) picked.push(unit);
  }
  return { video: config, units: picked, startMs, endMs, truncated };
}

function sameVideo(a: TrackConfig, b: TrackConfig): boolean {
  return a.kind === 'video' && b.kind === 'video' && equalBytes(a.avcC, b.avcC);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
