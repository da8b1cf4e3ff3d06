import { BoxWriter } from './box-writer';
import type { CmafSample, CmafTrack } from './cmaf-sample';

/** The samples of one track in one fragment, in decode order and contiguous in time. */
export interface FragmentTrack {
  track: Pick<CmafTrack, 'id'>;
  samples: readonly CmafSample[];
}

export interface FragmentOptions {
  /** `mfhd` sequence number (u32), increasing from fragment to fragment; the caller owns the counter. */
  sequenceNumber: number;
  /** One `traf` per entry, in this order; entries without samples are left out. */
  tracks: readonly FragmentTrack[];
  /**
   * Boxes copied in front of the `moof`, in CMAF order: `styp`, then `prft`, then `emsg`s. They do
   * not move the sample data offsets, which count from the `moof`.
   */
  leadingBoxes?: readonly Uint8Array[];
}

/** `tfhd` flags: default-base-is-moof, so every `trun` data offset counts from its own `moof`. */
const DEFAULT_BASE_IS_MOOF = 0x020000;
/** `trun` flags: data-offset, sample-duration, sample-size, sample-flags present. */
const TRUN_FLAGS = 0x000001 | 0x000100 | 0x000200 | 0x000400;
/** `trun` flag: sample-composition-time-offsets present. */
const TRUN_COMPOSITION_OFFSETS = 0x000800;
/** Sample flags of a sync sample: sample_depends_on = 2 (depends on no other sample). */
export const SYNC_SAMPLE_FLAGS = 0x02000000;
/** Sample flags of a non-sync sample: sample_depends_on = 1, sample_is_non_sync_sample = 1. */
export const NON_SYNC_SAMPLE_FLAGS = 0x01010000;

const MDAT_HEADER_SIZE = 8;

/**
 * One movie fragment (`moof` + `mdat`), optionally behind leading boxes, as a single new buffer.
 * A fragment may start anywhere in a GOP (an LL-HLS part or LL-DASH chunk); it does not have to
 * start on a keyframe. The sample data is copied exactly once, into the returned buffer.
 */
export function fragment(options: FragmentOptions): Uint8Array {
  const tracks = options.tracks.filter((entry) => entry.samples.length > 0);
  if (tracks.length === 0) throw new RangeError('a fragment needs at least one sample');
  for (const entry of tracks) checkSamples(entry);

  const moof = new BoxWriter(64 + tracks.reduce((sum, entry) => sum + 64 + 16 * entry.samples.length, 0));
  const dataOffsetFields: number[] = [];
  moof.box('moof', (w) => {
    w.fullBox('mfhd', 0, 0, (b) => b.u32(options.sequenceNumber));
    for (const entry of tracks) dataOffsetFields.push(trackFragment(w, entry));
  });

  const dataSizes = tracks.map((entry) => entry.samples.reduce((sum, sample) => sum + sample.data.length, 0));
  let dataOffset = moof.length + MDAT_HEADER_SIZE;
  dataOffsetFields.forEach((field, index) => {
    moof.patchU32(field, dataOffset);
    dataOffset += dataSizes[index] ?? 0;
  });
  const mdatSize = dataOffset - moof.length;
  if (mdatSize >= 2 ** 32) throw new RangeError(`mdat of ${mdatSize} bytes needs a 64-bit size`);

  const leading = options.leadingBoxes ?? [];
  const leadingSize = leading.reduce((sum, box) => sum + box.length, 0);
  const out = new Uint8Array(leadingSize + moof.length + mdatSize);
  let at = 0;
  for (const box of leading) {
    out.set(box, at);
    at += box.length;
  }
  out.set(moof.toBytes(), at);
  at += moof.length;
  new DataView(out.buffer).setUint32(at, mdatSize);
  out.set([0x6d, 0x64, 0x61, 0x74], at + 4); // 'mdat'
  at += MDAT_HEADER_SIZE;
  for (const entry of tracks) {
    for (const sample of entry.samples) {
      out.set(sample.data, at);
      at += sample.data.length;
    }
  }
  return out;
}

/** Writes one `traf` and returns the offset of its `trun` data_offset field, patched later. */
function trackFragment(w: BoxWriter, { track, samples }: FragmentTrack): number {
  const withOffsets = samples.some((sample) => sample.cts !== 0);
  let dataOffsetField = 0;
  w.box('traf', (traf) => {
    traf.fullBox('tfhd', 0, DEFAULT_BASE_IS_MOOF, (b) => b.u32(track.id));
    traf.fullBox('tfdt', 1, 0, (b) => b.u64(samples[0]?.dts ?? 0));
    // Version 1 makes composition offsets signed, so B-frames before their reference need no edit list.
    const version = withOffsets ? 1 : 0;
    traf.fullBox('trun', version, TRUN_FLAGS | (withOffsets ? TRUN_COMPOSITION_OFFSETS : 0), (b) => {
      b.u32(samples.length);
      dataOffsetField = b.placeholderU32();
      for (const sample of samples) {
        b.u32(sample.duration).u32(sample.data.length);
        b.u32(sample.keyframe ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS);
        if (withOffsets) b.i32(sample.cts);
      }
    });
  });
  return dataOffsetField;
}

/**
 * A `trun` stores durations, not decode times: a gap or overlap inside one fragment would shift
 * every later sample silently. The fragmenter must fold gaps into the previous sample's duration.
 */
function checkSamples({ track, samples }: FragmentTrack): void {
  let expected: number | undefined;
  for (const [index, sample] of samples.entries()) {
    if (!Number.isSafeInteger(sample.dts) || sample.dts < 0) {
      throw new RangeError(
        `track ${track.id} sample ${index}: dts must be a non-negative integer, got ${sample.dts}`,
      );
    }
    if (expected !== undefined && sample.dts !== expected) {
      throw new RangeError(
        `track ${track.id} sample ${index} starts at ${sample.dts} but the previous one ends at ${expected}; ` +
          'make each duration reach the next dts before fragmenting',
      );
    }
    expected = sample.dts + sample.duration;
  }
}
