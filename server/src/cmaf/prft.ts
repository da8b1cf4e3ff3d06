import { BoxWriter } from './box-writer';

/** Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01). */
const NTP_UNIX_OFFSET_SECONDS = 2_208_988_800;

export interface ProducerReference {
  /** The track whose `media_time` is given (its `tfdt` clock). */
  referenceTrackId: number;
  /** Wall-clock time (Unix ms, fractions allowed) that corresponds to `mediaTime`. */
  unixMs: number;
  /** Media time in the reference track's timescale. */
  mediaTime: number;
  /**
   * What the wall-clock time stands for (ISO/IEC 14496-12 §8.16.5): 0 (default) = when the frame
   * entered the encoder; 24 = a small, consistent offset from the moment depicted (capture time, as
   * RTCP sender reports give it).
   */
  flags?: number;
}

/**
 * `prft` version 1 (64-bit `media_time`): ties a media time to wall-clock time, which LL-DASH
 * players use to measure latency. Placed before the `moof` it describes.
 */
export function producerReferenceTime(reference: ProducerReference): Uint8Array {
  const [seconds, fraction] = unixMsToNtp(reference.unixMs);
  const writer = new BoxWriter(32);
  writer.fullBox('prft', 1, reference.flags ?? 0, (b) => {
    b.u32(reference.referenceTrackId).u32(seconds).u32(fraction).u64(reference.mediaTime);
  });
  return writer.toBytes();
}

/** 64-bit NTP timestamp `[seconds, fraction / 2^32]`; seconds wrap in 2036 (NTP era 1), as on the wire. */
export function unixMsToNtp(unixMs: number): [seconds: number, fraction: number] {
  if (!Number.isFinite(unixMs) || unixMs < 0)
    throw new RangeError(`Unix time must be >= 0 ms, got ${unixMs}`);
  const unixSeconds = Math.floor(unixMs / 1000);
  let fraction = Math.round(((unixMs - unixSeconds * 1000) / 1000) * 2 ** 32);
  let seconds = unixSeconds + NTP_UNIX_OFFSET_SECONDS;
  if (fraction === 2 ** 32) {
    fraction = 0;
    seconds += 1;
  }
  return [seconds % 2 ** 32, fraction];
}
