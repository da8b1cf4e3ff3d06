import { BoxWriter } from './box-writer';

/**
 * Brands of the init segment, the same set as ffmpeg's `-movflags cmaf`:
 * - `iso6`: the ISO BMFF edition with everything the fragments use (default-base-is-moof, 64-bit
 *   `tfdt`, `styp`, `prft`); major brand so strict readers pick the right rule set.
 * - `cmfc`: the CMAF track brand (ISO/IEC 23000-19), what CMAF-aware packagers and players look for.
 * - `mp41`: lets plain MP4 readers accept the progressive `.mp4` built from the same init.
 * No `dash`: DASH players do not check it, and the CMAF brand already says "segmentable".
 */
export const initBrands: readonly string[] = ['iso6', 'cmfc', 'mp41'];

/**
 * Brands of a `styp` that starts a segment: `msdh` (a DASH media segment, ISO/IEC 23009-1) and
 * `cmfs` (a CMAF segment). Callers append `aid3` when the segment carries ID3-in-`emsg`, or pass
 * `['cmfl']` for a chunk in the middle of a segment if they want one there at all (LL-HLS parts
 * need no `styp`).
 */
export const segmentBrands: readonly string[] = ['msdh', 'cmfs'];

/** `ftyp`: major brand = the first brand, minor version 0, every brand listed as compatible. */
export function fileType(brands: readonly string[] = initBrands): Uint8Array {
  return typeBox('ftyp', brands);
}

/** `styp`: the same layout as `ftyp`, at the head of a media segment (or chunk). */
export function segmentType(brands: readonly string[] = segmentBrands): Uint8Array {
  return typeBox('styp', brands);
}

function typeBox(type: 'ftyp' | 'styp', brands: readonly string[]): Uint8Array {
  const [major] = brands;
  if (major === undefined) throw new RangeError(`${type} needs at least one brand`);
  const writer = new BoxWriter(16 + 4 * brands.length);
  writer.box(type, (w) => {
    w.fourcc(major).u32(0);
    for (const brand of brands) w.fourcc(brand);
  });
  return writer.toBytes();
}
