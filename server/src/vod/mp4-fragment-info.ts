import { child, children, type BoxSpan } from './iso-box';
import type { Mp4TrackInfo } from './mp4-track-info';

/** One track's share of a fragment. */
export interface TrackRun {
  trackId: number;
  /** `tfdt` in the track's timescale. */
  baseDecodeTime: number;
  /** Sum of the sample durations, in the track's timescale. */
  duration: number;
  sampleCount: number;
  /** Whether the first sample is a sync sample (a keyframe, for video). */
  startsWithSync: boolean;
}

const TFHD_SAMPLE_DESCRIPTION = 0x2;
const TFHD_BASE_DATA_OFFSET = 0x1;
const TFHD_DEFAULT_DURATION = 0x8;
const TFHD_DEFAULT_SIZE = 0x10;
const TFHD_DEFAULT_FLAGS = 0x20;
const TRUN_DATA_OFFSET = 0x1;
const TRUN_FIRST_FLAGS = 0x4;
const TRUN_DURATION = 0x100;
const TRUN_SIZE = 0x200;
const TRUN_FLAGS = 0x400;
const TRUN_CTO = 0x800;
/** sample_is_non_sync_sample, in ISO BMFF sample flags. */
const NON_SYNC = 0x10000;

/**
 * Timing of each track in a `moof` (ISO/IEC 14496-12 §8.8): `tfdt`, the durations of every `trun`
 * (or the `tfhd`/`trex` default), and whether the first sample is a sync sample (first-sample
 * flags, else its own flags, else the defaults).
 */
export function parseMoof(bytes: Uint8Array, moof: BoxSpan, tracks: readonly Mp4TrackInfo[]): TrackRun[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const runs: TrackRun[] = [];
  for (const traf of children(bytes, moof, 'traf')) {
    const tfhd = child(bytes, traf, 'tfhd');
    if (!tfhd) continue;
    const tfhdFlags = view.getUint32(tfhd.start + tfhd.header) & 0xffffff;
    let at = tfhd.start + tfhd.header + 4;
    const trackId = view.getUint32(at);
    at += 4;
    const track = tracks.find((candidate) => candidate.id === trackId);
    if (tfhdFlags & TFHD_BASE_DATA_OFFSET) at += 8;
    if (tfhdFlags & TFHD_SAMPLE_DESCRIPTION) at += 4;
    let defaultDuration = track?.defaultSampleDuration ?? 0;
    let defaultFlags = track?.defaultSampleFlags ?? 0;
    if (tfhdFlags & TFHD_DEFAULT_DURATION) {
      defaultDuration = view.getUint32(at);
      at += 4;
    }
    if (tfhdFlags & TFHD_DEFAULT_SIZE) at += 4;
    if (tfhdFlags & TFHD_DEFAULT_FLAGS) defaultFlags = view.getUint32(at);

    const tfdt = child(bytes, traf, 'tfdt');
    let baseDecodeTime = 0;
    if (tfdt) {
      const version = bytes[tfdt.start + tfdt.header]!;
      const field = tfdt.start + tfdt.header + 4;
      baseDecodeTime = version === 1 ? Number(view.getBigUint64(field)) : view.getUint32(field);
    }

    let duration = 0;
    let sampleCount = 0;
    let firstFlags: number | undefined;
    for (const trun of children(bytes, traf, 'trun')) {
      const flags = view.getUint32(trun.start + trun.header) & 0xffffff;
      let field = trun.start + trun.header + 4;
      const count = view.getUint32(field);
      field += 4;
      if (flags & TRUN_DATA_OFFSET) field += 4;
      let runFirstFlags: number | undefined;
      if (flags & TRUN_FIRST_FLAGS) {
        runFirstFlags = view.getUint32(field);
        field += 4;
      }
      const perSample =
        (flags & TRUN_DURATION ? 4 : 0) +
        (flags & TRUN_SIZE ? 4 : 0) +
        (flags & TRUN_FLAGS ? 4 : 0) +
        (flags & TRUN_CTO ? 4 : 0);
      for (let i = 0; i < count; i++) {
        const sample = field + i * perSample;
        duration += flags & TRUN_DURATION ? view.getUint32(sample) : defaultDuration;
        if (sampleCount === 0 && i === 0) {
          const flagsAt = sample + (flags & TRUN_DURATION ? 4 : 0) + (flags & TRUN_SIZE ? 4 : 0);
          firstFlags = runFirstFlags ?? (flags & TRUN_FLAGS ? view.getUint32(flagsAt) : defaultFlags);
        }
      }
      sampleCount += count;
    }
    runs.push({
      trackId,
      baseDecodeTime,
      duration,
      sampleCount,
      startsWithSync: sampleCount > 0 && ((firstFlags ?? defaultFlags) & NON_SYNC) === 0,
    });
  }
  return runs;
}
