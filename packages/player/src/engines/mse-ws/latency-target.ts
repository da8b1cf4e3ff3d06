import type { LatencyMode } from '../types';

/**
 * Per mode: the latency (s) never to go under (`floor`) and the margin kept over what the arrival
 * of media needs. `lowest` sits just over the need (fragments are ~100 ms, so a few hundred ms);
 * `balanced` and `compatible` trade latency for a buffer that rides out network hiccups.
 */
export const LATENCY_MODES: Record<LatencyMode, { floor: number; margin: number }> = {
  lowest: { floor: 0.2, margin: 0.12 },
  balanced: { floor: 1, margin: 0.3 },
  compatible: { floor: 2, margin: 0.5 },
};

/** Arrival gaps are judged over this long (ms): long enough to see a slow spell, short enough to forget it. */
const GAP_WINDOW_MS = 10_000;
/** Assumed arrival gap (s) before any was measured: a ~130 ms fragment plus some network. */
const DEFAULT_GAP_S = 0.2;
/** Each recent stall adds this much (s) to the target, up to `MAX_STALL_BONUS_S`. */
const STALL_BONUS_S = 0.1;
const MAX_STALL_BONUS_S = 0.5;
/** A stall counts for this long (ms). */
const STALL_MEMORY_MS = 60_000;

/**
 * How far behind the live edge (s) playback should sit. The buffer ahead of the playhead is the
 * latency minus the "arrival gap" (how far the buffered end has fallen behind the live edge just
 * before the next fragment lands: the fragment's duration plus network jitter), so playback never
 * runs dry while the latency stays over the largest recent gap. The target is that gap plus the
 * mode's margin (and never under its floor), raised for a while after each stall.
 */
export class LatencyTarget {
  private readonly gaps: { atMs: number; gap: number }[] = [];
  private readonly stalls: number[] = [];

  constructor(readonly mode: LatencyMode) {}

  /** The buffered end was `gap` s behind the live edge when a live fragment arrived at `nowMs`. */
  addArrivalGap(gap: number, nowMs: number): void {
    if (!Number.isFinite(gap) || gap < 0) return;
    this.gaps.push({ atMs: nowMs, gap });
    this.forget(nowMs);
  }

  /** Playback ran dry at `nowMs` while at the target. */
  addStall(nowMs: number): void {
    this.stalls.push(nowMs);
    this.forget(nowMs);
  }

  /** The target latency (s) at `nowMs`. */
  value(nowMs: number): number {
    this.forget(nowMs);
    const { floor, margin } = LATENCY_MODES[this.mode];
    const gap = this.gaps.length ? Math.max(...this.gaps.map((g) => g.gap)) : DEFAULT_GAP_S;
    const bonus = Math.min(MAX_STALL_BONUS_S, this.stalls.length * STALL_BONUS_S);
    return Math.max(floor, gap + margin) + bonus;
  }

  private forget(nowMs: number): void {
    while (this.gaps.length && nowMs - (this.gaps[0]?.atMs ?? nowMs) > GAP_WINDOW_MS) this.gaps.shift();
    while (this.stalls.length && nowMs - (this.stalls[0] ?? nowMs) > STALL_MEMORY_MS) this.stalls.shift();
  }
}
