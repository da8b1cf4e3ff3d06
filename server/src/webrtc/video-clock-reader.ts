import type { MediaReader } from '../stream/media-buffer';
import type { LiveMedia } from './publisher-media';

/** A video frame's RTP timestamp as the publisher sent it (u32) and its stream time (ms). */
export interface RtpClockPair {
  rtpTimestamp: number;
  streamMs: number;
}

/**
 * Follows a publisher's packaging pipeline as one more reader and keeps the newest video frame's
 * RTP timestamp with the stream time the pipeline gave it: the exact RTP → stream-ms mapping
 * packagers and metadata stamping use, so a WHEP viewer can be told it. Being a reader keeps the
 * pipeline running (it only runs while read, without a DVR window).
 */
export class VideoClockReader {
  private reader: MediaReader | undefined;
  private _latest: RtpClockPair | undefined;

  /** The newest video frame's pair, undefined until one came from the current media. */
  get latest(): RtpClockPair | undefined {
    return this._latest;
  }

  /** Reads `media` from now on (a new publish has a new timeline: the old pair is dropped). */
  attach(media: LiveMedia | undefined): void {
    this.reader?.close();
    this.reader = undefined;
    this._latest = undefined;
    if (!media) return;
    const reader = media.addReader({
      onData: () => {
        for (const unit of reader.take()) {
          if (unit.kind === 'video' && unit.rtpTimestamp !== undefined) {
            this._latest = { rtpTimestamp: unit.rtpTimestamp, streamMs: unit.streamMs };
          }
        }
      },
      onEnd: () => {
        if (this.reader === reader) this.reader = undefined;
      },
    });
    this.reader = reader;
  }

  dispose(): void {
    this.attach(undefined);
  }
}
