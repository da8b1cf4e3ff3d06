import type { AccessUnit } from '../media/access-unit';

/**
 * Whether `unit` starts a new recording file: files are cut only on a video keyframe (each file
 * must start on one), the first one at least `segmentMs` after the current file's start, or at a
 * new video configuration (an `avc1` file holds one `avcC`).
 */
export function startsNewFile(
  unit: AccessUnit,
  file: { firstMs: number; avcC: Uint8Array } | undefined,
  segmentMs: number,
): boolean {
  if (unit.kind !== 'video' || !unit.keyframe) return false;
  if (!file) return true;
  if (unit.config?.kind === 'video' && !equalBytes(unit.config.avcC, file.avcC)) return true;
  return unit.streamMs - file.firstMs >= segmentMs;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
