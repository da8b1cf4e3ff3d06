import type { AccessUnit } from '../media/access-unit';

/**
 * Asks for a keyframe when the current GOP reaches `maxGopMs` (0: never). WebRTC encoders send
 * keyframes only when asked, so without this a GOP lasts the whole publish and the DVR window and
 * segmented outputs have no place to start but its beginning.
 */
export class GopCadence {
  private keyframeMs: number | undefined;
  private askedMs = -Infinity;

  constructor(
    private readonly maxGopMs: number,
    private readonly ask: () => void,
  ) {}

  observe(unit: AccessUnit): void {
    if (unit.keyframe) {
      this.keyframeMs = unit.streamMs;
      return;
    }
    if (this.maxGopMs <= 0 || this.keyframeMs === undefined) return;
    const due = unit.streamMs - this.keyframeMs >= this.maxGopMs;
    // Asked again if the keyframe does not come within half a GOP (a lost request or PLI).
    if (due && unit.streamMs - this.askedMs >= this.maxGopMs / 2) {
      this.askedMs = unit.streamMs;
      this.ask();
    }
  }
}
