/** What the timer drives: the scheduler's position and its next due time (stream ms). */
export interface PlayheadTarget {
  advance(streamMs: number): void;
  nextDueMs(): number | undefined;
}

/** The timer functions used (fake ones in tests). */
export interface TimerApi {
  setTimeout(callback: () => void, ms: number): ReturnType<typeof setTimeout>;
  clearTimeout(handle: ReturnType<typeof setTimeout>): void;
}

const realTimers: TimerApi = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle),
};

/**
 * The metadata clock where requestVideoFrameCallback is missing: instead of waiting for the next
 * `timeupdate` (15–250 ms apart, 500 ms on some WebKit builds), it reads the playhead and sets a
 * timer for the exact moment the next event is due, at the current playback rate. Every `timeupdate`
 * and `seeked` re-reads the playhead, so drift, rate changes and seeks correct it; pausing, buffering
 * and seeking stop it.
 */
export class PlayheadTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastMs: number | undefined;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly video: HTMLVideoElement,
    /** The stream time (ms) of the playhead, `undefined` while the engine cannot tell. */
    private readonly position: () => number | undefined,
    private readonly target: PlayheadTarget,
    private readonly timers: TimerApi = realTimers,
  ) {
    const on = (type: string, handler: () => void): void => {
      video.addEventListener(type, handler);
      this.cleanups.push(() => video.removeEventListener(type, handler));
    };
    for (const type of ['timeupdate', 'seeked', 'playing', 'ratechange']) on(type, () => this.check(false));
    for (const type of ['pause', 'waiting', 'seeking']) on(type, () => this.cancel());
  }

  /** Reads the playhead now, fires what is due and times the next event. */
  check(fromTimer = false): void {
    this.cancel();
    const video = this.video;
    if (video.paused || video.seeking) return;
    const ms = this.position();
    if (ms === undefined) return;
    // A timer that finds the playhead where it was: playback is stuck; `timeupdate` restarts us.
    const stuck = fromTimer && ms === this.lastMs;
    this.lastMs = ms;
    this.target.advance(ms);
    const due = this.target.nextDueMs();
    if (due === undefined || stuck) return;
    const rate = video.playbackRate > 0 ? video.playbackRate : 1;
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = undefined;
        this.check(true);
      },
      Math.max(0, Math.ceil((due - ms) / rate)),
    );
  }

  dispose(): void {
    this.cancel();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private cancel(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
