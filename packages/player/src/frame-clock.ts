/** One rendered video frame, as requestVideoFrameCallback reports it. */
export interface FrameInfo {
  /** `performance.now()`-based time the callback ran. */
  now: number;
  /** When the compositor expects to show the frame (`performance.now()` clock). */
  expectedDisplayTime: number;
  /** Presentation time of the frame in the media (seconds). */
  mediaTime: number;
  width: number;
  height: number;
  presentedFrames: number;
}

/**
 * Calls `onFrame` for every frame the browser composites, via requestVideoFrameCallback: the only
 * signal that a frame is really on screen (`timeupdate` and `playing` fire before the first frame and
 * at a fixed rate). Where rVFC is missing, `supported` is false and the core falls back to `playing`.
 */
export class FrameClock {
  private handle: number | undefined;
  private running = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly onFrame: (frame: FrameInfo) => void,
  ) {}

  get supported(): boolean {
    return typeof this.video.requestVideoFrameCallback === 'function';
  }

  start(): void {
    if (this.running || !this.supported) return;
    this.running = true;
    this.request();
  }

  stop(): void {
    this.running = false;
    if (this.handle !== undefined) this.video.cancelVideoFrameCallback?.(this.handle);
    this.handle = undefined;
  }

  private request(): void {
    this.handle = this.video.requestVideoFrameCallback((now, metadata) => {
      this.handle = undefined;
      if (!this.running) return;
      // Ask for the next frame first, so a throwing listener cannot stop the clock.
      this.request();
      this.onFrame({
        now,
        expectedDisplayTime: metadata.expectedDisplayTime,
        mediaTime: metadata.mediaTime,
        width: metadata.width,
        height: metadata.height,
        presentedFrames: metadata.presentedFrames,
      });
    });
  }
}
