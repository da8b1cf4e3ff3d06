import type { SenderReportTiming } from '../media/rtp-timeline';
import type { EndReason } from '../stream/stream';
import type { Emitter } from '../util/emitter';
import type { MediaCodecs } from './offer';
import type { PeerSessionEvents } from './peer-session';
import type { MediaKind, PublisherMediaEvents } from './publisher-session';

/**
 * What the relay and the packaging pipeline need from whatever feeds a stream with RTP: a WHIP
 * publisher (`PublisherSession`) or an ingest such as an HLS pull (`ingest/pull-session.ts`). The
 * WHEP forwarder, `PublisherMedia` and the stream's state all work from this alone.
 */
export interface RtpPublisher {
  readonly id: string;
  readonly streamName: string;
  /** The one codec per kind this publisher sends (H.264 packetization-mode 1 and Opus for ingests). */
  readonly codecs: MediaCodecs;
  readonly createdAt: number;
  readonly closed: boolean;
  /** The transport is known to be gone, so a new WHIP publisher may take the stream over at once. */
  readonly connectionLost: boolean;
  /** `rtp`, `media`, `videoInfo`, `senderReport`. */
  readonly media: Emitter<PublisherMediaEvents>;
  /** `closed` (once, with the reason). */
  readonly events: Emitter<PeerSessionEvents>;
  /** `Date.now()` of the first media packet (stream time 0), 0 before it. */
  readonly firstMediaAt: number;
  /** `Date.now()` of the last media packet, 0 before the first. */
  readonly lastMediaAt: number;
  readonly packets: number;
  lastSenderReport(kind: MediaKind): SenderReportTiming | undefined;
  rates(now?: number): Record<MediaKind, { bitrate: number; fps: number }>;
  /** Asks the source for a keyframe; a source that cannot be asked ignores it. Callers rate-limit. */
  requestKeyframe(): void;
  close(reason: EndReason): void;
}
