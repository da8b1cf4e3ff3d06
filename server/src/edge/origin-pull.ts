import { WHEP_METADATA_CHANNEL } from '@brume/protocol';
import {
  RTCPeerConnection,
  RTCRtpCodecParameters,
  useH264,
  useOPUS,
  type MediaStreamTrack,
  type RTCRtpReceiver,
  type RtcpSrPacket,
  type RtpPacket,
} from 'werift';
import type { IceConfig } from '../config';
import { RecentSequences } from '../media/recent-sequences';
import type { SenderReportTiming } from '../media/rtp-timeline';
import type { EndReason } from '../stream/stream';
import { RateMeter } from '../stream/rate-meter';
import { Emitter } from '../util/emitter';
import type { Logger } from '../util/logger';
import { choosePublisherCodec } from '../webrtc/codec-selection';
import type { MediaCodecs } from '../webrtc/offer';
import { peerConfig } from '../webrtc/peer-config';
import { newSessionId, type PeerSessionEvents } from '../webrtc/peer-session';
import type { MediaKind, PublisherMediaEvents } from '../webrtc/publisher-session';
import type { RtpPublisher } from '../webrtc/rtp-publisher';
import { codecsOf, parseSdp } from '../webrtc/sdp';
import { inspectH264Payload } from '../webrtc/video-rtp-inspect';
import { OriginError } from './origin-error';
import { whepEndpoint } from './origin-resolver';

export interface OriginPullOptions {
  streamName: string;
  /** The origin's base URL (`http://origin:8080`). */
  origin: string;
  /** Sent as `Authorization: Bearer` on the WHEP POST and DELETE (a viewer token of the origin). */
  token?: string | undefined;
  /** More headers for the WHEP POST and DELETE (the cluster key between workers). */
  headers?: Record<string, string>;
  ice: IceConfig;
  log: Logger;
  /** No media for this long after the last packet: the origin is lost. */
  lostAfterMs: number;
  /** Aborts the POST (the pull was stopped meanwhile). */
  signal?: AbortSignal;
}

export interface OriginPullEvents {
  [event: string]: unknown[];
  /** The connection to the origin is gone (once); the pull stays attached until replaced or closed. */
  lost: [error: OriginError];
  /** A text message of the origin's `brume-metadata` data channel. */
  metadata: [text: string];
  /** The first RTP packet came (held until `release`). */
  firstPacket: [];
}

/** Packets held before `release()` (about a second of media); past it the oldest go. */
const MAX_HELD_PACKETS = 2000;
/** The WHEP POST and DELETE to an origin must answer within this. */
const HTTP_TIMEOUT_MS = 5000;
const WATCH_INTERVAL_MS = 250;

/**
 * The H.264 profiles the edge offers, each with RTX: the origin picks the payload type carrying its
 * publisher's profile (`chooseViewerCodec`), which tells the edge the profile without waiting for an
 * SPS. Opus for audio.
 */
function edgeCodecs() {
  const rtx = () => new RTCRtpCodecParameters({ mimeType: 'video/rtx', clockRate: 90000 });
  const h264 = (profileLevelId: string) =>
    useH264({
      parameters: `level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=${profileLevelId}`,
    });
  return {
    video: [h264('42e01f'), rtx(), h264('4d001f'), rtx(), h264('640032'), rtx()],
    audio: [useOPUS()],
  };
}

/**
 * An edge's WHEP session at its origin (`POST /whep/:name`, recvonly H.264 + Opus and the
 * `brume-metadata` data channel), presented to the relay as a publisher (`RtpPublisher`), so every
 * output of the edge serves the origin's stream as if it were published here.
 *
 * RTP goes on as received (the origin's WHEP sender already rewrote SSRC and sequence for this
 * session); the origin's RTCP sender reports are passed on as a WHIP publisher's are, so the edge's
 * timeline aligns audio and video as the origin's sender clock says. A keyframe request becomes a
 * PLI to the origin, which asks its own publisher.
 *
 * It never closes itself: when the connection dies (ICE/DTLS gone, or no media for `lostAfterMs`)
 * it emits `lost` and reports `connectionLost`, and whoever runs it (`EdgePull`) fails over and
 * lets the relay replace it, which keeps the edge's viewers. `close()` DELETEs the WHEP session at
 * the origin (best effort) and closes the peer.
 */
export class OriginPull implements RtpPublisher {
  readonly id = newSessionId();
  readonly createdAt = Date.now();
  readonly media: Emitter<PublisherMediaEvents>;
  readonly events: Emitter<PeerSessionEvents>;
  readonly status: Emitter<OriginPullEvents>;
  codecs: MediaCodecs = {};
  /** The WHEP session's URL at the origin (from `Location`). */
  resource: string | undefined;
  private readonly pc: RTCPeerConnection;
  private readonly meters = { video: new RateMeter(), audio: new RateMeter() };
  private readonly reports: Partial<Record<MediaKind, SenderReportTiming>> = {};
  private readonly cleanups: (() => void)[] = [];
  private readonly subscribedKinds = new Set<MediaKind>();
  private videoReceiver: RTCRtpReceiver | undefined;
  private videoSsrc: number | undefined;
  private watch: NodeJS.Timeout | undefined;
  private size: { width: number; height: number } | undefined;
  private lostError: OriginError | undefined;
  /** Packets received before the relay took the pull (`release`), kinds with them. */
  private held: { kind: MediaKind; packet: RtpPacket }[] | undefined = [];
  private firstPacketAt = 0;
  private _closed = false;
  private _firstMediaAt = 0;
  private _lastMediaAt = 0;
  private _packets = 0;
  private _bytes = 0;
  private _keyframeRequests = 0;

  private constructor(private readonly options: OriginPullOptions) {
    const { log } = options;
    this.media = new Emitter((error) => log.error({ err: error }, 'edge media listener failed'));
    this.events = new Emitter((error) => log.error({ err: error }, 'edge listener failed'));
    this.status = new Emitter((error) => log.error({ err: error }, 'edge status listener failed'));
    // The origin is ICE lite like every Brume relay, so the edge runs full ICE (it sends the checks).
    this.pc = new RTCPeerConnection({ ...peerConfig(options.ice), codecs: edgeCodecs(), iceLite: false });
    this.pc.addTransceiver('video', { direction: 'recvonly' });
    this.pc.addTransceiver('audio', { direction: 'recvonly' });
    const channel = this.pc.createDataChannel(WHEP_METADATA_CHANNEL, { ordered: true });
    for (const transport of this.pc.iceTransports) {
      // werift falls back to a hard-coded public STUN server when none is configured; an edge talks
      // to its origin on host candidates only and must not query it.
      (transport.connection as { stunServer?: unknown }).stunServer = undefined;
    }
    this.cleanups.push(
      channel.onMessage.subscribe((data) => {
        if (typeof data === 'string') this.status.emit('metadata', data);
        else this.status.emit('metadata', data.toString('utf8'));
      }).unSubscribe,
      this.pc.onTrack.subscribe((track) => this.onTrack(track)).unSubscribe,
      this.pc.connectionStateChange.subscribe((state) => {
        if (state === 'connected') this.events.emit('connected');
        if (state === 'failed' || state === 'closed') this.markLost(`peer connection ${state}`);
      }).unSubscribe,
      this.pc.iceConnectionStateChange.subscribe((state) => {
        if (state === 'failed' || state === 'disconnected' || state === 'closed') {
          this.markLost(`ICE ${state}`);
        }
      }).unSubscribe,
    );
  }

  /**
   * POSTs the offer to the origin and applies its answer. Throws an `OriginError`: `notFound` for
   * 404/409 (not live there), `refused` for 401/403, `unreachable` otherwise.
   */
  static async start(options: OriginPullOptions): Promise<OriginPull> {
    const pull = new OriginPull(options);
    try {
      await pull.negotiate();
    } catch (error) {
      pull.close('error');
      throw error;
    }
    return pull;
  }

  get streamName(): string {
    return this.options.streamName;
  }

  get origin(): string {
    return this.options.origin;
  }

  get closed(): boolean {
    return this._closed;
  }

  get connectionLost(): boolean {
    return this.lostError !== undefined;
  }

  get firstMediaAt(): number {
    return this._firstMediaAt;
  }

  get lastMediaAt(): number {
    return this._lastMediaAt;
  }

  get packets(): number {
    return this._packets;
  }

  get bytes(): number {
    return this._bytes;
  }

  get keyframeRequests(): number {
    return this._keyframeRequests;
  }

  /**
   * Hands the packets held since the session started to the relay, which attached this pull just
   * before (synchronously, so the stream's time 0 is the first of them and the keyframe the origin
   * sent first is not lost), and lets the next ones through as they come.
   */
  release(): void {
    const held = this.held;
    if (!held || this._closed) return;
    this.held = undefined;
    if (this.size) this.media.emit('videoInfo', this.size);
    for (const { kind, packet } of held) this.deliver(kind, packet, Date.now());
  }

  /** Resolves true at the first media packet, false if the pull is lost, closed or `timeoutMs` passes. */
  whenMedia(timeoutMs: number): Promise<boolean> {
    if (this.firstPacketAt > 0) return Promise.resolve(true);
    if (this._closed || this.lostError) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (value: boolean) => {
        clearTimeout(timer);
        offMedia();
        offLost();
        offClosed();
        resolve(value);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const offMedia = this.status.on('firstPacket', () => finish(true));
      const offLost = this.status.on('lost', () => finish(false));
      const offClosed = this.events.on('closed', () => finish(false));
    });
  }

  lastSenderReport(kind: MediaKind): SenderReportTiming | undefined {
    return this.reports[kind];
  }

  rates(now = Date.now()): Record<MediaKind, { bitrate: number; fps: number }> {
    return { video: this.meters.video.read(now), audio: this.meters.audio.read(now) };
  }

  /** A PLI to the origin, whose viewer session asks its publisher for a keyframe. */
  requestKeyframe(): void {
    const receiver = this.videoReceiver;
    const ssrc = this.videoSsrc;
    if (!receiver || ssrc === undefined || this._closed) return;
    this._keyframeRequests++;
    receiver
      .sendRtcpPLI(ssrc)
      .catch((error: unknown) => this.options.log.debug({ err: error }, 'edge PLI failed'));
  }

  close(reason: EndReason): void {
    if (this._closed) return;
    this._closed = true;
    clearInterval(this.watch);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.deleteAtOrigin();
    this.pc
      .close()
      .catch((error: unknown) => this.options.log.debug({ err: error }, 'edge peer close failed'));
    this.events.emit('closed', reason);
    this.events.removeAll();
    this.media.removeAll();
    this.status.removeAll();
  }

  private async negotiate(): Promise<void> {
    const { origin, streamName, token, signal } = this.options;
    await this.pc.setLocalDescription(await this.pc.createOffer());
    const offer = this.pc.localDescription?.sdp;
    if (!offer) throw new Error('werift produced no offer');
    const url = whepEndpoint(origin, streamName);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp', ...authorization(token), ...this.options.headers },
        body: offer,
        signal: timeoutSignal(signal),
      });
    } catch (error) {
      throw OriginError.unreachable(origin, error instanceof Error ? error.message : String(error), error);
    }
    const body = await response.text().catch(() => '');
    if (response.status !== 201) throw OriginError.fromStatus(origin, streamName, response.status, body);
    const location = response.headers.get('location');
    if (location) this.resource = new URL(location, url).href;
    this.codecs = answeredCodecs(offer, body);
    if (!this.codecs.video || this.codecs.video.name !== 'H264') {
      throw OriginError.unreachable(
        origin,
        `${streamName} is not H.264 at the origin; an edge relays H.264 only`,
      );
    }
    await this.pc.setRemoteDescription({ type: 'answer', sdp: body });
    this.watch = setInterval(() => this.checkMedia(), WATCH_INTERVAL_MS);
    this.watch.unref();
  }

  private checkMedia(): void {
    const last = this._lastMediaAt || this.firstPacketAt;
    if (last === 0) return;
    const silentFor = Date.now() - last;
    if (silentFor > this.options.lostAfterMs) this.markLost(`no media for ${silentFor} ms`);
  }

  private markLost(detail: string): void {
    if (this._closed || this.lostError) return;
    this.lostError = OriginError.lost(this.options.origin, detail);
    clearInterval(this.watch);
    this.status.emit('lost', this.lostError);
  }

  /** DELETEs the WHEP session at the origin, so it frees it now rather than at its ICE timeout. */
  private deleteAtOrigin(): void {
    const resource = this.resource;
    if (!resource) return;
    this.resource = undefined;
    fetch(resource, {
      method: 'DELETE',
      headers: { ...authorization(this.options.token), ...this.options.headers },
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    })
      .then((response) => response.body?.cancel())
      .catch((error: unknown) =>
        this.options.log.debug({ err: error, resource }, 'edge: DELETE of the origin session failed'),
      );
  }

  private onTrack(track: MediaStreamTrack): void {
    const kind: MediaKind = track.kind === 'video' ? 'video' : 'audio';
    if (this.subscribedKinds.has(kind)) return;
    this.subscribedKinds.add(kind);
    const receiver = this.pc.getTransceivers().find((t) => t.kind === kind)?.receiver;
    if (kind === 'video') this.videoReceiver = receiver;
    if (receiver) {
      this.cleanups.push(
        receiver.onRtcp.subscribe((packet) => {
          if (packet.type !== 200) return; // SR (RFC 3550 §6.4.1)
          const { senderInfo } = packet as RtcpSrPacket;
          const report = { ntpTime: senderInfo.ntpTimestamp, rtpTimestamp: senderInfo.rtpTimestamp };
          this.reports[kind] = report;
          this.media.emit('senderReport', kind, report);
        }).unSubscribe,
      );
    }
    // Per track of this connection: another origin numbers its packets afresh.
    const recent = new RecentSequences();
    this.cleanups.push(
      track.onReceiveRtp.subscribe((packet) => {
        if (this._closed) return;
        // A NACK answered for a packet that was only late: forwarded once (`recent-sequences.ts`).
        if (!recent.firstSeen(packet.header.ssrc, packet.header.sequenceNumber)) return;
        if (kind === 'video') this.inspectVideo(packet);
        if (this.held === undefined) {
          this.deliver(kind, packet, Date.now());
          return;
        }
        this.held.push({ kind, packet });
        if (this.held.length > MAX_HELD_PACKETS) this.held.shift();
        if (this.firstPacketAt === 0) {
          this.firstPacketAt = Date.now();
          this.status.emit('firstPacket');
        }
      }).unSubscribe,
    );
  }

  /** Learns the SSRC (for PLI) and the picture size from video packets, held or not. */
  private inspectVideo(packet: RtpPacket): void {
    this.videoSsrc = packet.header.ssrc;
    const info = inspectH264Payload(packet.payload);
    if (
      !info.width ||
      !info.height ||
      (info.width === this.size?.width && info.height === this.size.height)
    ) {
      return;
    }
    this.size = { width: info.width, height: info.height };
    if (this.held === undefined) this.media.emit('videoInfo', this.size);
  }

  private deliver(kind: MediaKind, packet: RtpPacket, now: number): void {
    if (this._closed) return;
    if (this._firstMediaAt === 0) {
      this._firstMediaAt = now;
      this.media.emit('media');
    }
    this._lastMediaAt = now;
    this._packets++;
    this._bytes += packet.serializeSize;
    this.meters[kind].add(packet.payload.length, packet.header.timestamp, now);
    this.media.emit('rtp', kind, packet);
  }
}

function authorization(token: string | undefined): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

function timeoutSignal(signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(HTTP_TIMEOUT_MS);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/**
 * The codecs the origin chose, per kind: the payload type of its answer, described by the edge's own
 * offer entry for it (werift's answer carries werift's fmtp, not the profile the origin matched).
 */
export function answeredCodecs(offer: string, answer: string): MediaCodecs {
  const offered = parseSdp(offer).media;
  const codecs: MediaCodecs = {};
  for (const section of parseSdp(answer).media) {
    if (section.kind !== 'video' && section.kind !== 'audio') continue;
    const payloadType = Number(section.formats[0]);
    const mine = offered.find((m) => m.kind === section.kind);
    const entry = mine && codecsOf(mine).find((codec) => codec.payloadType === payloadType);
    const rtx = mine && codecsOf(mine).find((codec) => codec.params['apt'] === String(payloadType));
    if (!mine || !entry) continue;
    const keep = new Set([String(payloadType), ...(rtx ? [String(rtx.payloadType)] : [])]);
    codecs[section.kind] = choosePublisherCodec({
      ...mine,
      formats: mine.formats.filter((format) => keep.has(format)),
      lines: mine.lines.filter((line) => {
        const pt = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)/.exec(line)?.[1];
        return pt === undefined || keep.has(pt);
      }),
    });
  }
  return codecs;
}
