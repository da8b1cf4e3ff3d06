/** WebRTC video's RTP clock (RFC 6184 §8.2.1 for H.264; VP8, VP9 and AV1 use it too). */
const VIDEO_CLOCK_RATE = 90_000;
const TICKS_PER_MS = VIDEO_CLOCK_RATE / 1000;
/** Displayed frames remembered by media time (a second or more of video). */
const FRAMES_KEPT = 64;

/** `a − b` for two u32 RTP timestamps, as the signed 32-bit distance (RFC 3550 wrap-around). */
export function rtpDelta(a: number, b: number): number {
  return (a - b) | 0;
}

/**
 * Maps a WebRTC video frame's `mediaTime` to stream time exactly, from two pairings:
 * - the browser's: `mediaTime` ↔ RTP timestamp of frames it displayed (requestVideoFrameCallback
 *   metadata carries both), and
 * - the server's: RTP timestamp ↔ stream ms (the data channel's `clock` messages).
 * A frame it saw maps through its own RTP timestamp. Any other media time is extrapolated from the
 * newest frame on the 90 kHz clock, which is approximate: Chromium's WebRTC media time follows the
 * receiver's render timing, not the RTP clock (tens of ms of jitter between frames under load).
 * RTP differences are taken through 32-bit wrap-around, and the newest clock message is used, so
 * the server's slewing of the stream timeline reaches the viewer within a message.
 */
export class RtpStreamClock {
  private frame: { mediaTime: number; rtp: number } | undefined;
  private readonly frames = new Map<number, number>();
  private clock: { rtp: number; streamMs: number } | undefined;

  /** Whether both pairings are known (before that, `toStreamMs` is undefined). */
  get ready(): boolean {
    return this.frame !== undefined && this.clock !== undefined;
  }

  /** A displayed frame: its media time (s) and its RTP timestamp as the browser received it. */
  observeFrame(mediaTime: number, rtpTimestamp: number): void {
    this.frame = { mediaTime, rtp: rtpTimestamp >>> 0 };
    this.frames.set(mediaTime, rtpTimestamp >>> 0);
    if (this.frames.size > FRAMES_KEPT) {
      for (const oldest of this.frames.keys()) {
        this.frames.delete(oldest);
        break;
      }
    }
  }

  /** A server clock message: this viewer's video RTP timestamp `rtp` is at `streamMs`. */
  onClock(rtp: number, streamMs: number): void {
    this.clock = { rtp: rtp >>> 0, streamMs };
  }

  toStreamMs(mediaTime: number): number | undefined {
    const { frame, clock } = this;
    if (!frame || !clock) return undefined;
    const rtp =
      this.frames.get(mediaTime) ?? frame.rtp + Math.round((mediaTime - frame.mediaTime) * VIDEO_CLOCK_RATE);
    return clock.streamMs + rtpDelta(rtp, clock.rtp) / TICKS_PER_MS;
  }

  toMediaTime(streamMs: number): number | undefined {
    const { frame, clock } = this;
    if (!frame || !clock) return undefined;
    const rtp = clock.rtp + Math.round((streamMs - clock.streamMs) * TICKS_PER_MS);
    return frame.mediaTime + rtpDelta(rtp, frame.rtp) / VIDEO_CLOCK_RATE;
  }
}
