import { createSecretKey } from 'node:crypto';
import { Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { RTP_EXTENSION_URI, RtpHeader, RtpPacket, type RTCRtpSender } from 'werift';
import type { FanoutPacket } from './fanout-packet';
import { skipAddressLookup } from './udp-address-shortcut';
import {
  SRTP_AEAD_AES_128_GCM,
  SRTP_AES128_CM_HMAC_SHA1_80,
  protectRtp,
  type SrtpSessionKeys,
} from './srtp-protect';

/**
 * The werift release line this adapter reads the internals of. Another version gets the plain
 * `sendRtp` path: slower, never wrong.
 */
export const FAST_PATH_WERIFT = /^0\.24\./;

/** werift's retransmission history length (RTP_HISTORY_SIZE in rtpSender.ts). */
const RTP_HISTORY_SIZE = 128;
const RTP_HEADER = 12;
const ONE_BYTE_PROFILE = 0xbede;

/** The parts of werift 0.24's RTCRtpSender this adapter reads and keeps up to date. */
interface SenderInternals {
  codec?: { payloadType: number };
  ssrc: number;
  mid?: string;
  rtpStreamId?: string;
  repairedRtpStreamId?: string;
  headerExtensions: { id: number; uri: string }[];
  redRedundantPayloadType?: number;
  seqOffset: number;
  timestampOffset: number;
  sequenceNumber?: number;
  timestamp?: number;
  ntpTimestamp: bigint;
  rtpTimestamp: number;
  octetCount: number;
  packetCount: number;
  headerBytesSent: number;
  rtpCache: unknown[];
  rtcpRunning: boolean;
  stopped: boolean;
  runRtcp(): Promise<void>;
  dtlsTransport?: DtlsInternals;
}

interface SrtpContextInternals {
  profile: number;
  srtpSessionKey: Buffer;
  srtpSessionSalt: Buffer;
  srtpSessionAuthTag: Buffer;
  getSrtpSsrcState(ssrc: number): { rolloverCounter: number };
  updateRolloverCount(sequenceNumber: number, state: { rolloverCounter: number }): void;
}

interface DtlsInternals {
  state: string;
  srtp?: { localContext?: SrtpContextInternals };
  bytesSent: number;
  packetsSent: number;
  iceTransport: { connection: IceInternals };
}

interface IceInternals {
  canSendApplicationData(): boolean;
  nominated?: {
    remoteAddr: readonly [string, number];
    packetsSent: number;
    bytesSent: number;
    protocol: {
      transport: { closed?: boolean; socket?: { send(data: Buffer, port: number, host: string): void } };
    };
  };
  send(data: Buffer): Promise<void>;
}

/** The viewer-specific part of the RTP header, laid out once per SRTP session. */
interface HeaderLayout {
  /** Header bytes with the viewer's extensions filled in; per packet only a few fields change. */
  template: Buffer;
  /** Offset of the 3-byte abs-send-time value in `template`, or -1. */
  absSendTimeAt: number;
  keys: SrtpSessionKeys;
  context: SrtpContextInternals;
}

let weriftVersion: string | undefined;

/** werift's version, read from its package.json (not exported through its `exports` map). */
export function installedWeriftVersion(): string {
  if (weriftVersion === undefined) {
    try {
      const entry = createRequire(import.meta.url).resolve('werift');
      let dir = dirname(entry);
      while (!dir.endsWith('werift') && dirname(dir) !== dir) dir = dirname(dir);
      weriftVersion = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string })
        .version;
    } catch {
      weriftVersion = 'unknown';
    }
  }
  return weriftVersion;
}

/**
 * Sends a viewer's RTP without werift's per-packet `sendRtp`, doing the same work in one
 * synchronous pass:
 *
 * - sequence number and timestamp rewritten with the sender's own offsets (`replaceRTP` keeps
 *   working: a publisher takeover continues the viewer's numbering), and the sender's counters
 *   that its RTCP sender reports read (packet/octet count, NTP and RTP time) kept up to date;
 * - the packet stored in the sender's retransmission history, so werift's NACK handler answers
 *   from it (with RTX when negotiated) as before; the stored header is built only when a NACK
 *   asks for it;
 * - the header written into a per-viewer template instead of a werift `RtpHeader` serialized per
 *   packet; the send time (NTP, abs-send-time) comes once per packet for every viewer
 *   (`FanoutPacket`), not from werift's string-based clock per viewer;
 * - SRTP with werift's session keys and rollover state (`protectRtp`), one output buffer;
 * - the datagram handed straight to the ICE pair's UDP socket: no promise chain per packet.
 *
 * What the plain path does that this one does not: transport-wide congestion control sequence
 * numbers and RED, which Brume never negotiates; a sender using either (or another werift
 * version, or a shape this code does not recognise) is sent through `sendRtp` unchanged.
 */
export class FastRtpSender {
  private layout: HeaderLayout | undefined;
  /** The ICE pair whose socket answers its remote address without a lookup (`udp-address-shortcut.ts`). */
  private lookupSkipped: object | undefined;
  /** The SRTP context the layout was made for: a new DTLS session means new keys. */
  private layoutContext: SrtpContextInternals | undefined;
  private plain: boolean;
  private readonly internals: SenderInternals;

  constructor(
    readonly sender: RTCRtpSender,
    private readonly onFallback: (reason: string) => void = () => undefined,
    version = installedWeriftVersion(),
  ) {
    this.internals = sender as unknown as SenderInternals;
    this.plain = !FAST_PATH_WERIFT.test(version);
    if (this.plain) onFallback(`werift ${version} is not the version the fast path reads (0.24.x)`);
  }

  /** Whether packets go through the fast path (false once it fell back to werift's `sendRtp`). */
  get fast(): boolean {
    return !this.plain;
  }

  /**
   * Sends `packet` to the viewer; returns the RTP timestamp the viewer gets, or undefined when
   * nothing was sent (transport not connected yet, no codec).
   */
  send(packet: FanoutPacket): number | undefined {
    const sender = this.internals;
    const dtls = sender.dtlsTransport;
    if (!dtls || dtls.state !== 'connected' || !sender.codec) return undefined;
    if (!this.plain) {
      try {
        const layout = this.currentLayout(dtls);
        if (layout) return this.sendFast(sender, dtls, layout, packet);
      } catch (error) {
        this.fallBack(`fast path failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return this.sendPlain(packet);
  }

  private fallBack(reason: string): void {
    this.plain = true;
    this.onFallback(reason);
  }

  private sendPlain(packet: FanoutPacket): number {
    const source = packet.source.header;
    // werift mutates the header it sends and merges in the packet's own header extensions, whose
    // ids are the publisher's, not this viewer's: every viewer gets a fresh header without them.
    const header = new RtpHeader({
      marker: source.marker,
      payloadType: source.payloadType,
      sequenceNumber: source.sequenceNumber,
      timestamp: source.timestamp,
      ssrc: source.ssrc,
    });
    void this.sender.sendRtp(new RtpPacket(header, packet.payload)).catch(() => undefined);
    // werift rewrites the timestamp in place before its first await.
    return header.timestamp;
  }

  private sendFast(
    sender: SenderInternals,
    dtls: DtlsInternals,
    layout: HeaderLayout,
    packet: FanoutPacket,
  ): number {
    const source = packet.source.header;
    const payload = packet.payload;
    const sequenceNumber = (source.sequenceNumber + sender.seqOffset) & 0xffff;
    const timestamp = (source.timestamp + sender.timestampOffset) >>> 0;
    const payloadType = sender.codec?.payloadType ?? 0;
    const header = layout.template;
    header[1] = (source.marker ? 0x80 : 0) | (payloadType & 0x7f);
    header.writeUInt16BE(sequenceNumber, 2);
    header.writeUInt32BE(timestamp, 4);
    header.writeUInt32BE(sender.ssrc >>> 0, 8);
    if (layout.absSendTimeAt >= 0) header.writeUIntBE(packet.absSendTime, layout.absSendTimeAt, 3);

    sender.sequenceNumber = sequenceNumber;
    sender.timestamp = timestamp;
    sender.ntpTimestamp = packet.ntp;
    sender.rtpTimestamp = timestamp;
    sender.octetCount += payload.length;
    sender.headerBytesSent += header.length;
    sender.packetCount = (sender.packetCount + 1) >>> 0;
    sender.rtpCache[sequenceNumber % RTP_HISTORY_SIZE] = new RetainedRtp(header, payload);

    const state = layout.context.getSrtpSsrcState(sender.ssrc);
    layout.context.updateRolloverCount(sequenceNumber, state);
    const datagram = protectRtp(
      layout.keys,
      header,
      sender.ssrc,
      sequenceNumber,
      state.rolloverCounter,
      payload,
    );
    dtls.bytesSent += datagram.length;
    dtls.packetsSent++;
    const connection = dtls.iceTransport.connection;
    if (connection.canSendApplicationData()) {
      const pair = connection.nominated;
      const socket = pair?.protocol.transport.socket;
      if (pair && socket && typeof socket.send === 'function') {
        if (pair !== this.lookupSkipped && socket instanceof Socket) {
          this.lookupSkipped = pair;
          skipAddressLookup(socket, pair.remoteAddr[0]);
        }
        if (!pair.protocol.transport.closed) {
          socket.send(datagram, pair.remoteAddr[1], pair.remoteAddr[0]);
          pair.packetsSent++;
          pair.bytesSent += datagram.length;
        }
      } else {
        void connection.send(datagram).catch(() => undefined);
      }
    }
    if (!sender.rtcpRunning && !sender.stopped) void sender.runRtcp();
    return timestamp;
  }

  /** The header layout and keys of the current SRTP session; undefined (and plain from now) if unusable. */
  private currentLayout(dtls: DtlsInternals): HeaderLayout | undefined {
    const context = dtls.srtp?.localContext;
    if (this.layout && context === this.layoutContext) return this.layout;
    this.layoutContext = context;
    const reason = context ? this.unsupported(context) : 'no SRTP context';
    if (reason || !context) {
      this.fallBack(reason ?? 'no SRTP context');
      return undefined;
    }
    const layout = this.makeLayout(context);
    if (typeof layout === 'string') {
      this.fallBack(layout);
      return undefined;
    }
    this.layout = layout;
    return layout;
  }

  /** Why this sender cannot take the fast path, or undefined when it can. */
  private unsupported(context: SrtpContextInternals): string | undefined {
    const s = this.internals;
    if (
      typeof s.seqOffset !== 'number' ||
      typeof s.timestampOffset !== 'number' ||
      !Array.isArray(s.rtpCache) ||
      !Array.isArray(s.headerExtensions) ||
      typeof s.runRtcp !== 'function' ||
      typeof s.packetCount !== 'number' ||
      typeof s.octetCount !== 'number'
    ) {
      return 'werift sender internals changed';
    }
    if (s.redRedundantPayloadType !== undefined) return 'RED is negotiated';
    if (
      typeof context.getSrtpSsrcState !== 'function' ||
      typeof context.updateRolloverCount !== 'function' ||
      !Buffer.isBuffer(context.srtpSessionKey) ||
      !Buffer.isBuffer(context.srtpSessionSalt)
    ) {
      return 'werift SRTP context changed';
    }
    if (context.profile !== SRTP_AEAD_AES_128_GCM && context.profile !== SRTP_AES128_CM_HMAC_SHA1_80) {
      return `SRTP profile ${context.profile}`;
    }
    if (typeof s.dtlsTransport?.iceTransport?.connection?.canSendApplicationData !== 'function') {
      return 'werift ICE connection changed';
    }
    return undefined;
  }

  /** The header template for this sender's negotiated extensions, as werift's `sendRtp` would write them. */
  private makeLayout(context: SrtpContextInternals): HeaderLayout | string {
    const s = this.internals;
    const extensions: { id: number; payload: Buffer; absSendTime?: true }[] = [];
    for (const extension of s.headerExtensions) {
      switch (extension.uri) {
        case RTP_EXTENSION_URI.sdesMid:
          if (s.mid) extensions.push({ id: extension.id, payload: Buffer.from(s.mid) });
          break;
        case RTP_EXTENSION_URI.sdesRTPStreamID:
          if (s.rtpStreamId) extensions.push({ id: extension.id, payload: Buffer.from(s.rtpStreamId) });
          break;
        case RTP_EXTENSION_URI.repairedRtpStreamId:
          if (s.repairedRtpStreamId) {
            extensions.push({ id: extension.id, payload: Buffer.from(s.repairedRtpStreamId) });
          }
          break;
        case RTP_EXTENSION_URI.absSendTime:
          extensions.push({ id: extension.id, payload: Buffer.alloc(3), absSendTime: true });
          break;
        case RTP_EXTENSION_URI.transportWideCC:
          return 'transport-wide congestion control is negotiated';
        default:
          // werift sends nothing for other negotiated extensions either.
          break;
      }
    }
    extensions.sort((a, b) => a.id - b.id);
    if (extensions.some((e) => e.id < 1 || e.id > 14 || e.payload.length < 1 || e.payload.length > 16)) {
      return 'a header extension needs the two-byte form';
    }
    const elements = extensions.reduce((sum, e) => sum + 1 + e.payload.length, 0);
    const padded = Math.ceil(elements / 4) * 4;
    const template = Buffer.alloc(RTP_HEADER + (extensions.length > 0 ? 4 + padded : 0));
    template[0] = extensions.length > 0 ? 0x90 : 0x80;
    let absSendTimeAt = -1;
    if (extensions.length > 0) {
      template.writeUInt16BE(ONE_BYTE_PROFILE, RTP_HEADER);
      template.writeUInt16BE(padded / 4, RTP_HEADER + 2);
      let offset = RTP_HEADER + 4;
      for (const extension of extensions) {
        template[offset++] = (extension.id << 4) | (extension.payload.length - 1);
        if (extension.absSendTime) absSendTimeAt = offset;
        extension.payload.copy(template, offset);
        offset += extension.payload.length;
      }
    }
    const keys: SrtpSessionKeys = {
      profile: context.profile,
      key: createSecretKey(context.srtpSessionKey),
      salt: context.srtpSessionSalt,
      authKey: Buffer.isBuffer(context.srtpSessionAuthTag)
        ? createSecretKey(context.srtpSessionAuthTag)
        : undefined,
    };
    return { template, absSendTimeAt, keys, context };
  }
}

/**
 * A sent packet in werift's retransmission history. werift's NACK handler reads `header` and
 * `payload` of the entry for a lost sequence number; the header object is built only then, from
 * a copy of the bytes this viewer was sent.
 */
class RetainedRtp {
  private readonly headerBytes: Buffer;
  private parsed: RtpHeader | undefined;

  constructor(
    header: Buffer,
    readonly payload: Buffer,
  ) {
    // The template is rewritten for the next packet: keep this packet's bytes.
    this.headerBytes = Buffer.from(header);
  }

  get header(): RtpHeader {
    this.parsed ??= RtpHeader.deSerialize(this.headerBytes);
    return this.parsed;
  }
}
