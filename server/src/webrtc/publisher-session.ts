import type { MediaStreamTrack, RTCRtpReceiver, RtpPacket } from 'werift';
import type { IceConfig } from '../config';
import { RateMeter } from '../stream/rate-meter';
import { Emitter } from '../util/emitter';
import type { Logger } from '../util/logger';
import type { PreparedOffer } from './offer';
import { PeerSession } from './peer-session';
import { inspectH264Payload, inspectVp8Payload, type VideoPayloadInfo } from './video-rtp-inspect';

export type MediaKind = 'audio' | 'video';

export interface PublisherMediaEvents {
  [event: string]: unknown[];
  /** One RTP packet from the publisher (RTX already unwrapped by werift). Do not mutate it. */
  rtp: [kind: MediaKind, packet: RtpPacket];
  /** First media packet of this publish. */
  media: [];
  /** Picture size learned from a keyframe. */
  videoInfo: [info: Required<Pick<VideoPayloadInfo, 'width' | 'height'>>];
}

/**
 * A WHIP publisher: receives one video and/or one audio track and re-emits their RTP. Knows
 * nothing about viewers; the relay wires it to them.
 */
export class PublisherSession extends PeerSession {
  readonly role = 'publisher';
  readonly media: Emitter<PublisherMediaEvents>;
  private readonly meters = { video: new RateMeter(), audio: new RateMeter() };
  private videoReceiver: RTCRtpReceiver | undefined;
  private videoSsrc: number | undefined;
  private _lastMediaAt = 0;
  private _packets = 0;
  private _keyframeRequests = 0;
  private size: { width: number; height: number } | undefined;
  private readonly subscribedKinds = new Set<MediaKind>();

  constructor(streamName: string, offer: PreparedOffer, remoteAddress: string, ice: IceConfig, log: Logger) {
    super(streamName, offer, remoteAddress, ice, log);
    this.media = new Emitter((error) => this.log.error({ err: error }, 'media listener failed'));
    this.track(this.pc.onTrack.subscribe((track) => this.onTrack(track)).unSubscribe, () =>
      this.media.removeAll(),
    );
  }

  /** `Date.now()` of the last media packet, 0 before the first. */
  get lastMediaAt(): number {
    return this._lastMediaAt;
  }

  get packets(): number {
    return this._packets;
  }

  get keyframeRequests(): number {
    return this._keyframeRequests;
  }

  /** Bitrate and frame rate per kind, over the last seconds. */
  rates(now = Date.now()): Record<MediaKind, { bitrate: number; fps: number }> {
    return { video: this.meters.video.read(now), audio: this.meters.audio.read(now) };
  }

  /** Asks the publisher's encoder for a keyframe (RTCP PLI). Callers rate-limit. */
  requestKeyframe(): void {
    const receiver = this.videoReceiver;
    const ssrc = this.videoSsrc;
    if (!receiver || ssrc === undefined || this.closed) return;
    this._keyframeRequests++;
    receiver.sendRtcpPLI(ssrc).catch((error: unknown) => this.log.debug({ err: error }, 'PLI failed'));
  }

  private onTrack(track: MediaStreamTrack): void {
    const kind = track.kind === 'video' ? 'video' : 'audio';
    // werift fires onTrack again when a re-offer (ICE restart) is applied: subscribe once per kind.
    if (this.subscribedKinds.has(kind)) return;
    this.subscribedKinds.add(kind);
    if (kind === 'video')
      this.videoReceiver = this.pc.getTransceivers().find((t) => t.kind === 'video')?.receiver;
    const inspect = this.codecs.video?.name === 'VP8' ? inspectVp8Payload : inspectH264Payload;
    const { unSubscribe } = track.onReceiveRtp.subscribe((packet) => {
      const now = Date.now();
      if (this._lastMediaAt === 0) this.media.emit('media');
      this._lastMediaAt = now;
      this._packets++;
      this.meters[kind].add(packet.payload.length, packet.header.timestamp, now);
      if (kind === 'video') {
        this.videoSsrc = packet.header.ssrc;
        const info = inspect(packet.payload);
        if (
          info.width &&
          info.height &&
          (info.width !== this.size?.width || info.height !== this.size.height)
        ) {
          this.size = { width: info.width, height: info.height };
          this.media.emit('videoInfo', this.size);
        }
      }
      this.media.emit('rtp', kind, packet);
    });
    this.track(unSubscribe);
  }
}
