/**
 * The test-pattern timecode: a strip along the top of a video frame holding the frame's capture time,
 * drawn by the studio's test pattern and read back by the player's latency meter. Both sides use this
 * file, so the layout cannot drift.
 *
 * Layout: the strip is the top `TIMECODE_STRIP_FRACTION` of the frame, split into `TIMECODE_CELLS`
 * equal cells across the full width; white = 1, black = 0, most significant bit first. The first 32
 * cells are the capture time in Unix ms modulo 2^32 (it wraps every 49.7 days and is unwrapped against
 * the reader's clock), the last 8 a CRC-8 of those 4 bytes, so a frame blurred by the encoder or torn
 * mid-transition is rejected rather than misread. Cells are wide blocks because video codecs keep
 * large flat areas intact even at low bitrates and after downscaling.
 */

export const TIMECODE_TIME_BITS = 32;
export const TIMECODE_CRC_BITS = 8;
export const TIMECODE_CELLS = TIMECODE_TIME_BITS + TIMECODE_CRC_BITS;
export const TIMECODE_STRIP_FRACTION = 0.08;

/** Height in pixels of the timecode strip for a frame of this height. */
export function timecodeStripHeight(frameHeight: number): number {
  return Math.max(8, Math.round(frameHeight * TIMECODE_STRIP_FRACTION));
}

/** Width a reader scales the strip to: 8 px per cell, plenty to read blocks that survived the codec. */
export const TIMECODE_SAMPLE_WIDTH = 320;

/**
 * Where a reader takes the strip from a frame (`stripHeight` rows of the source, the full width)
 * and the size it scales it to for `decodeTimecode` (`width` × `height`, the aspect kept).
 */
export function timecodeSampleSize(
  sourceWidth: number,
  sourceHeight: number,
): { stripHeight: number; width: number; height: number } {
  const stripHeight = timecodeStripHeight(sourceHeight);
  const width = Math.min(TIMECODE_SAMPLE_WIDTH, sourceWidth);
  return { stripHeight, width, height: Math.max(4, Math.round((stripHeight * width) / sourceWidth)) };
}

/** CRC-8 (polynomial 0x07, initial 0) over bytes. */
export function crc8(bytes: ArrayLike<number>): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) {
    crc ^= (bytes[i] ?? 0) & 0xff;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

function lowBytes(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

/** The cells (true = white) that encode a capture time in Unix ms. */
export function encodeTimecode(timeMs: number): boolean[] {
  const low = (Math.floor(timeMs) % 2 ** 32) >>> 0;
  const crc = crc8(lowBytes(low));
  const cells: boolean[] = [];
  for (let bit = TIMECODE_TIME_BITS - 1; bit >= 0; bit--) cells.push(((low >>> bit) & 1) === 1);
  for (let bit = TIMECODE_CRC_BITS - 1; bit >= 0; bit--) cells.push(((crc >>> bit) & 1) === 1);
  return cells;
}

/**
 * Decodes per-cell brightness (0–255, one value per cell) into the low 32 bits of the capture time.
 * Returns undefined when the cells hold no timecode (no contrast, or the CRC does not match).
 */
export function decodeTimecodeLevels(levels: ArrayLike<number>): number | undefined {
  if (levels.length !== TIMECODE_CELLS) return undefined;
  let min = 255;
  let max = 0;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] ?? 0;
    if (level < min) min = level;
    if (level > max) max = level;
  }
  // A real timecode always has both colours with strong contrast; anything else is not one.
  if (max - min < 64) return undefined;
  const threshold = (min + max) / 2;
  let low = 0;
  for (let i = 0; i < TIMECODE_TIME_BITS; i++) low = low * 2 + ((levels[i] ?? 0) > threshold ? 1 : 0);
  let crc = 0;
  for (let i = TIMECODE_TIME_BITS; i < TIMECODE_CELLS; i++)
    crc = crc * 2 + ((levels[i] ?? 0) > threshold ? 1 : 0);
  return crc8(lowBytes(low)) === crc ? low : undefined;
}

/**
 * Average brightness of each cell of a timecode strip given as RGBA pixels (an ImageData's data) of
 * `width` × `height` covering just the strip. Samples the middle half of each cell so edges smeared
 * by scaling or compression do not count.
 */
export function sampleTimecodeLevels(rgba: ArrayLike<number>, width: number, height: number): number[] {
  const levels: number[] = [];
  const cellWidth = width / TIMECODE_CELLS;
  const y0 = Math.floor(height * 0.25);
  const y1 = Math.max(y0 + 1, Math.ceil(height * 0.75));
  for (let cell = 0; cell < TIMECODE_CELLS; cell++) {
    const x0 = Math.floor(cell * cellWidth + cellWidth * 0.25);
    const x1 = Math.max(x0 + 1, Math.ceil(cell * cellWidth + cellWidth * 0.75));
    let sum = 0;
    let count = 0;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const i = (y * width + x) * 4;
        // Rec. 601 luma from RGB.
        sum += 0.299 * (rgba[i] ?? 0) + 0.587 * (rgba[i + 1] ?? 0) + 0.114 * (rgba[i + 2] ?? 0);
        count++;
      }
    }
    levels.push(count ? sum / count : 0);
  }
  return levels;
}

/** Restores a full Unix-ms time from its low 32 bits, choosing the value nearest to `nowMs`. */
export function unwrapTimecode(low: number, nowMs: number): number {
  const span = 2 ** 32;
  const nowLow = Math.floor(nowMs) % span;
  let delta = low - nowLow;
  if (delta > span / 2) delta -= span;
  if (delta < -span / 2) delta += span;
  return Math.floor(nowMs) + delta;
}

/** Reads the capture time (Unix ms) off a timecode strip, or undefined if there is none. */
export function decodeTimecode(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  nowMs: number,
): number | undefined {
  const low = decodeTimecodeLevels(sampleTimecodeLevels(rgba, width, height));
  return low === undefined ? undefined : unwrapTimecode(low, nowMs);
}

/**
 * Latency of a frame read off a `<video>` in a requestVideoFrameCallback: its display time minus the
 * capture time it carries, all on the wall clock. drawImage reads the element's current frame, which
 * under load can already be newer than the callback's (WebRTC frames reach the compositor off the main
 * thread); a capture time after the callback frame's display time proves that, and that newer frame is
 * on screen at the read moment, which then stands for its display time (late by at most the callback's
 * delay). So a correctly read timecode never gives a negative latency.
 */
export function frameLatencyMs(captureMs: number, displayedAtMs: number, readAtMs: number): number {
  return (captureMs > displayedAtMs ? readAtMs : displayedAtMs) - captureMs;
}
