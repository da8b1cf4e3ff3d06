import { parseWhepMetadataMessage, type MetadataEvent } from '@brume/protocol';
import type { MetadataStore } from '../metadata/metadata-store';
import type { Logger } from '../util/logger';
import type { RtpClockPair } from '../webrtc/video-clock-reader';

/** The origin's clock message: a video RTP timestamp as the edge receives it, and its origin stream time. */
export interface OriginClock {
  rtp: number;
  streamMs: number;
}

/** Events held while the mapping is not known yet (the first clock, the edge's first packaged frame). */
const MAX_PENDING = 512;
const VIDEO_CLOCK_RATE = 90_000;

/**
 * The edge's stream time of an origin stream time. Both relays stamp the same video frames: the
 * origin's clock message names one by the RTP timestamp the edge receives (`origin.rtp`), and the
 * edge's own pipeline maps received RTP timestamps to edge stream time (`edge`). The frame's edge
 * time is the edge's latest pair moved by the RTP distance between the two frames (signed 32-bit,
 * so a wrap or a clock message slightly ahead of the edge's packaging both work); the event keeps
 * its distance to that frame.
 */
export function edgeTimeOf(originMs: number, origin: OriginClock, edge: RtpClockPair): number {
  const ticks = (origin.rtp - edge.rtpTimestamp) | 0;
  const frameEdgeMs = edge.streamMs + (ticks * 1000) / VIDEO_CLOCK_RATE;
  return Math.max(0, Math.round(originMs - origin.streamMs + frameEdgeMs));
}

/**
 * Takes the origin's `brume-metadata` data channel messages and stores their events in the edge's
 * metadata store at the edge's stream time (`edgeTimeOf`). Events that come before the mapping is
 * known (the origin sends its backlog before its first clock) wait, up to `MAX_PENDING`.
 *
 * Why re-stamp rather than copy `time`: the edge's timeline starts at its own first packet, not the
 * origin's, and its outputs (HLS ID3/WebVTT, DASH emsg, its own WHEP clock messages) all read edge
 * stream time. A track the edge does not know yet is created as `json` (the edge declares the
 * origin's tracks, with their kinds, from its stream info: see `EdgePull`).
 */
export class OriginMetadata {
  private origin: OriginClock | undefined;
  private pending: MetadataEvent[] = [];

  constructor(
    private readonly store: () => MetadataStore | undefined,
    private readonly edgeClock: () => RtpClockPair | undefined,
    private readonly log: Logger,
  ) {}

  /** One data channel message (text); malformed ones are ignored. */
  receive(text: string): void {
    const message = parseWhepMetadataMessage(text);
    if (!message) {
      this.log.debug({ text: text.slice(0, 200) }, 'edge: malformed metadata message from the origin');
      return;
    }
    if (message.type === 'clock') this.origin = { rtp: message.rtp, streamMs: message.streamMs };
    else {
      this.pending.push(...message.events);
      if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
    }
    this.flush();
  }

  /** Stores what can be mapped now. */
  flush(): void {
    const origin = this.origin;
    const edge = this.edgeClock();
    const store = this.store();
    if (!origin || !edge || !store || this.pending.length === 0) return;
    for (const event of this.pending.splice(0)) {
      const kind = store.track(event.track)?.kind ?? 'json';
      const time = edgeTimeOf(event.time, origin, edge);
      try {
        store.accept(
          event.track,
          [
            {
              time,
              ...(event.duration === undefined ? {} : { duration: event.duration }),
              data: event.data,
              position: { line: 0 },
            },
          ],
          kind,
        );
      } catch (error) {
        // Out of the edge's window (an old backlog event) or a kind conflict: that event only.
        this.log.debug({ err: error, track: event.track, time }, 'edge: origin metadata event not stored');
      }
    }
  }
}
