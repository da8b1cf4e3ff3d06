import type { SourceProtocol } from '@brume/protocol';

/** What `onQoE` / the `qoe` event reports: the viewer's experience since the player was created. */
export interface QoEReport {
  /** `periodic` every 10 s while playing; `final` once, on dispose. */
  kind: 'periodic' | 'final';
  engine: string | undefined;
  protocol: SourceProtocol | undefined;
  /** From creation (or the stream going live) to the first frame of the first attempt that played. */
  startupMs: number | undefined;
  /** Rebuffering events after the first frame, and their total duration. */
  stalls: number;
  stallMs: number;
  /** Time with frames on screen and not paused. */
  playingMs: number;
  /** `stallMs / (stallMs + playingMs)`. */
  stallRatio: number;
  /** Engine switches after a failure. */
  fallbacks: number;
  /** Bits per second of the current source (WebRTC: measured; HTTP: the rendition's). */
  bitrate: number | undefined;
  /** Frames the browser dropped in this attempt. */
  droppedFrames: number | undefined;
  errors: string[];
}

/**
 * Counts what a viewer experienced. Pure bookkeeping on a clock the caller passes in, so tests can
 * drive it; the core feeds it from element events and its own decisions.
 */
export class QoETracker {
  private startedAt: number;
  private startupMs: number | undefined;
  private stalls = 0;
  private stallMs = 0;
  private playingMs = 0;
  private fallbacks = 0;
  private errors: string[] = [];
  private stallSince: number | undefined;
  private playingSince: number | undefined;

  constructor(private readonly now: () => number) {
    this.startedAt = now();
  }

  /** Restarts the startup clock (a stream that was offline went live). */
  startupBegins(): void {
    if (this.startupMs === undefined) this.startedAt = this.now();
  }

  firstFrame(): void {
    this.startupMs ??= Math.max(0, this.now() - this.startedAt);
  }

  /** Frames are flowing and the viewer is not paused. */
  playing(): void {
    const t = this.now();
    this.closeStall(t);
    this.playingSince ??= t;
  }

  /** Playing but waiting for data. */
  stalled(): void {
    const t = this.now();
    if (this.startupMs === undefined || this.stallSince !== undefined) return;
    this.closePlaying(t);
    this.stalls++;
    this.stallSince = t;
  }

  /** Paused, ended, or between attempts: neither playing nor stalling. */
  idle(): void {
    const t = this.now();
    this.closePlaying(t);
    this.closeStall(t);
  }

  fallback(): void {
    this.fallbacks++;
  }

  error(code: string): void {
    if (this.errors.length < 20) this.errors.push(code);
  }

  report(
    kind: QoEReport['kind'],
    current: Pick<QoEReport, 'engine' | 'protocol' | 'bitrate' | 'droppedFrames'>,
  ): QoEReport {
    const t = this.now();
    const playingMs = this.playingMs + (this.playingSince !== undefined ? t - this.playingSince : 0);
    const stallMs = this.stallMs + (this.stallSince !== undefined ? t - this.stallSince : 0);
    return {
      kind,
      ...current,
      startupMs: this.startupMs,
      stalls: this.stalls,
      stallMs: Math.round(stallMs),
      playingMs: Math.round(playingMs),
      stallRatio: stallMs + playingMs > 0 ? stallMs / (stallMs + playingMs) : 0,
      fallbacks: this.fallbacks,
      errors: [...this.errors],
    };
  }

  private closePlaying(t: number): void {
    if (this.playingSince === undefined) return;
    this.playingMs += t - this.playingSince;
    this.playingSince = undefined;
  }

  private closeStall(t: number): void {
    if (this.stallSince === undefined) return;
    this.stallMs += t - this.stallSince;
    this.stallSince = undefined;
  }
}
