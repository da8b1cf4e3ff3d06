import { findSeiTimecodeRtp } from '@brume/protocol';
import type { MediaStreamTrack, RTCRtpReceiver, RtcpPacket, RtcpSrPacket, RtpPacket } from 'werift';
import type { SenderReportTiming } from '../media/rtp-timeline';
import type { IceConfig } from '../config';
import { RecentSequences } from '../media/recent-sequences';
import { RateMeter } from '../stream/rate-meter';
import { Emitter } from '../util/emitter';
import type { Logger } from '../util/logger';
import type { PreparedOffer } from './offer';
import { PeerSession } from './peer-session';
import type { RtpPublisher } from './rtp-publisher';
import { encodeRemb } from './remb';
import { routeUnsignalledVideo } from './unsignalled-ssrc';
import { inspectH264Payload, inspectVp8Payload, type VideoPayloadInfo } from './video-rtp-inspect';

export type MediaKind = 'audio' | 'video';

/** The publisher offered REMB feedback (Chromium always does for video). */
const REMB_OFFERED = /^a=rtcp-fb:\d+ goog-remb\r?$/m;

export interface PublisherMediaEvents {
  [event: string]: unknown[];
  /** One RTP packet from the publisher (RTX already unwrapped by werift). Do not mutate it. */
  rtp: [kind: MediaKind, packet: RtpPacket];
  /** First media packet of this publish. */
  media: [];
  /** Picture size learned from a keyframe. */
  videoInfo: [info: Required<Pick<VideoPayloadInfo, 'width' | 'height'>>];
  /** An RTCP sender report for a track: ties its RTP clock to the sender's NTP clock. */
  senderReport: [kind: MediaKind, report: SenderReportTiming];
  /**
   * A video packet carried a Brume SEI timecode (`brume publish` stamps every picture): now minus
   * the picture's capture time, ms (negative if the two clocks disagree).
   */
  timecode: [latencyMs: number];
}

export interface PublisherOptions {
  /** The REMB value sent to the publisher, bits per second (see `sendRemb`). */
  maxIngestBitrate: number;
}

/** How often REMB goes out, as libwebrtc's own receivers do: RTCP is UDP, one may be lost. */
const REMB_INTERVAL_MS = 1000;

const noInspection = (): VideoPayloadInfo => ({ keyframe: false });

const NAL_SEI = 6;
const NAL_STAP_A = 24;

/**
 * A WHIP publisher: receives one video and/or one audio track and re-emits their RTP. Knows
 * nothing about viewers; the relay wires it to them.
 */
export class PublisherSession extends PeerSession implements RtpPublisher {
  readonly role = 'publisher';
  readonly media: Emitter<PublisherMediaEvents>;
  private readonly meters = { video: new RateMeter(), audio: new RateMeter() };
  private videoReceiver: RTCRtpReceiver | undefined;
  private videoSsrc: number | undefined;
  private _lastMediaAt = 0;
  private _firstMediaAt = 0;
  private readonly senderReports: Partial<Record<MediaKind, SenderReportTiming>> = {};
  private _packets = 0;
  private _bytes = 0;
  private _nacksSent = 0;
  private _repeats = 0;
  private lastKeyframe: { timestamp: number; at: number } | undefined;
  private _keyframeIntervalMs: number | undefined;
  private _keyframeRequests = 0;
  private _ingestLatencyMs: number | undefined;
  private size: { width: number; height: number } | undefined;
  private readonly subscribedKinds = new Set<MediaKind>();
  private rembTimer: NodeJS.Timeout | undefined;
  private readonly rembOffered: boolean;

  constructor(
    streamName: string,
    offer: PreparedOffer,
    remoteAddress: string,
    ice: IceConfig,
    log: Logger,
    private readonly options: PublisherOptions,
  ) {
    super(streamName, offer, remoteAddress, ice, log);
    this.rembOffered = REMB_OFFERED.test(offer.sdp);
    this.media = new Emitter((error) => this.log.error({ err: error }, 'media listener failed'));
    this.track(this.pc.onTrack.subscribe((track) => this.onTrack(track)).unSubscribe, () =>
      this.media.removeAll(),
    );
    const video = offer.codecs.video;
    if (offer.declinedSimulcast && video && !routeUnsignalledVideo(this.pc, video.payloadType)) {
      this.log.warn({ stream: streamName }, 'cannot route an unannounced video SSRC with this werift');
    }
  }

  get connectionLost(): boolean {
    return this.iceBroken;
  }

  /** `Date.now()` of the last media packet, 0 before the first. */
  get lastMediaAt(): number {
    return this._lastMediaAt;
  }

  /** `Date.now()` of the first media packet (stream time 0), 0 before it. */
  get firstMediaAt(): number {
    return this._firstMediaAt;
  }

  /** The latest sender report per kind, so a pipeline started later can align at once. */
  lastSenderReport(kind: MediaKind): SenderReportTiming | undefined {
    return this.senderReports[kind];
  }

  get packets(): number {
    return this._packets;
  }

  get keyframeRequests(): number {
    return this._keyframeRequests;
  }

  /** RTP bytes received (headers included), for metrics. */
  get bytes(): number {
    return this._bytes;
  }

  /** Packets that came twice (a NACK answered for a packet that was late, not lost), dropped. */
  get repeats(): number {
    return this._repeats;
  }

  /** Generic NACKs werift sent for lost publisher packets. */
  get nacksSent(): number {
    return this._nacksSent;
  }

  /** Publish → relay latency of the last picture with a Brume SEI timecode, ms; undefined without one. */
  get ingestLatencyMs(): number | undefined {
    return this._ingestLatencyMs;
  }

  /** Wall-clock ms between the last two keyframes seen (H.264 and VP8 only). */
  get keyframeIntervalMs(): number | undefined {
    return this._keyframeIntervalMs;
  }

  /** Publisher packets that never arrived: werift's inbound RTP stats (RFC 3550 cumulative lost). */
  async packetsLost(): Promise<number> {
    let lost = 0;
    for (const transceiver of this.pc.getTransceivers()) {
      const report = await transceiver.receiver.getStats();
      for (const stats of report.values()) {
        if (stats.type === 'inbound-rtp') lost += (stats as { packetsLost?: number }).packetsLost ?? 0;
      }
    }
    return lost;
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

  protected override dispose(): void {
    clearInterval(this.rembTimer);
    this.rembTimer = undefined;
  }

  /**
   * Tells the publisher it may send up to `maxIngestBitrate` (RTCP REMB, negotiated as goog-remb).
   *
   * Why: the relay negotiates no transport-cc (see peer-config.ts), so Chromium's send-side estimate
   * has no delay-based input and would otherwise climb from 300 kbit/s by ~8 % a second on
   * loss-based estimation alone (≈600 kbit/s and 640x360 after 15 s on loopback). During its first
   * two seconds without reported loss, Chromium takes a REMB as its estimate outright, so the
   * encoder starts near its own maximum at once.
   *
   * What it does not do: after the start phase REMB is only an upper limit. Under real loss
   * Chromium's loss-based estimator still backs off (classically: above 10 % loss, times
   * 1 − loss/2 per report) and the repeated cap does not hold it up; it only bounds how far the
   * estimate climbs back. It is a constant, not a measurement of the path: on a link slower than
   * the cap the first seconds overshoot until loss reports bring the estimate down.
   */
  private sendRemb(): void {
    const receiver = this.videoReceiver;
    const ssrc = this.videoSsrc;
    if (!receiver || ssrc === undefined || this.closed) return;
    const packet = encodeRemb({
      senderSsrc: receiver.rtcpSsrc,
      bitrate: this.options.maxIngestBitrate,
      ssrcs: [ssrc],
    });
    // werift's sendRtcp only calls serialize() on each packet before encrypting the compound.
    const raw = { serialize: () => packet } as unknown as RtcpPacket;
    receiver.dtlsTransport
      .sendRtcp([raw])
      .catch((error: unknown) => this.log.debug({ err: error }, 'REMB failed'));
  }

  /** From the first video packet on (its SSRC is what REMB names): one REMB now, then periodically. */
  private startRemb(): void {
    if (this.rembTimer !== undefined || this.closed || !this.rembOffered) return;
    this.sendRemb();
    this.rembTimer = setInterval(() => this.sendRemb(), REMB_INTERVAL_MS);
    this.rembTimer.unref();
  }

  /** A keyframe spans many packets (one RTP timestamp): the interval is measured between frames. */
  private observeKeyframe(timestamp: number, now: number): void {
    const last = this.lastKeyframe;
    if (last?.timestamp === timestamp) return;
    if (last) this._keyframeIntervalMs = now - last.at;
    this.lastKeyframe = { timestamp, at: now };
  }

  private onTrack(track: MediaStreamTrack): void {
    const kind = track.kind === 'video' ? 'video' : 'audio';
    // werift fires onTrack again when a re-offer (ICE restart) is applied: subscribe once per kind.
    if (this.subscribedKinds.has(kind)) return;
    this.subscribedKinds.add(kind);
    const receiver = this.pc.getTransceivers().find((t) => t.kind === kind)?.receiver;
    if (kind === 'video') this.videoReceiver = receiver;
    if (receiver) {
      // Sender reports come every second or so; they are kept and re-emitted, never per packet.
      const lost = receiver.onPacketLost.subscribe(() => this._nacksSent++);
      this.track(lost.unSubscribe);
      const rtcp = receiver.onRtcp.subscribe((packet) => {
        if (packet.type !== 200) return; // SR (RFC 3550 §6.4.1)
        const { senderInfo } = packet as RtcpSrPacket;
        const report = { ntpTime: senderInfo.ntpTimestamp, rtpTimestamp: senderInfo.rtpTimestamp };
        this.senderReports[kind] = report;
        this.media.emit('senderReport', kind, report);
      });
      this.track(rtcp.unSubscribe);
    }
    // VP9 and AV1 are relayed without a look inside: their picture size is not reported.
    const videoCodec = this.codecs.video?.name;
    const inspect =
      videoCodec === 'H264' ? inspectH264Payload : videoCodec === 'VP8' ? inspectVp8Payload : noInspection;
    const timecodes = videoCodec === 'H264';
    const recent = new RecentSequences();
    const { unSubscribe } = track.onReceiveRtp.subscribe((packet) => {
      // A retransmission of a packet that did arrive: neither packaged nor forwarded twice.
      if (!recent.firstSeen(packet.header.ssrc, packet.header.sequenceNumber)) {
        this._repeats++;
        return;
      }
      const now = Date.now();
      if (this._lastMediaAt === 0) {
        this._firstMediaAt = now;
        this.media.emit('media');
      }
      this._lastMediaAt = now;
      this._packets++;
      this._bytes += packet.serializeSize;
      this.meters[kind].add(packet.payload.length, packet.header.timestamp, now);
      if (kind === 'video') {
        this.videoSsrc = packet.header.ssrc;
        this.startRemb();
        const info = inspect(packet.payload);
        if (info.keyframe) this.observeKeyframe(packet.header.timestamp, now);
        // An SEI travels alone or in a STAP-A: only those packets are looked into, so a publisher
        // without timecodes costs one byte compare per packet.
        const nalType = (packet.payload[0] ?? 0) & 0x1f;
        if (timecodes && (nalType === NAL_SEI || nalType === NAL_STAP_A)) {
          const capturedMicros = findSeiTimecodeRtp(packet.payload);
          if (capturedMicros !== undefined) {
            this._ingestLatencyMs = now - capturedMicros / 1000;
            this.media.emit('timecode', this._ingestLatencyMs);
          }
        }
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
