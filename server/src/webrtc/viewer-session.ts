import { WHEP_METADATA_CHANNEL } from '@brume/protocol';
import { RtcpPayloadSpecificFeedback, type RTCRtpSender } from 'werift';
import type { IceConfig } from '../config';
import type { MetadataStore } from '../metadata/metadata-store';
import { Emitter } from '../util/emitter';
import type { Logger } from '../util/logger';
import type { FanoutPacket } from './fanout-packet';
import { FastRtpSender } from './fast-rtp-sender';
import type { PreparedOffer } from './offer';
import { PeerSession } from './peer-session';
import type { MediaKind } from './publisher-session';
import type { RtpClockPair } from './video-clock-reader';
import { ViewerMetadataChannel } from './viewer-metadata-channel';

/** RTCP payload-specific feedback message type of a Full Intra Request (RFC 5104 §4.3.1). */
const FIR_FMT = 4;

export interface ViewerEvents {
  [event: string]: unknown[];
  /** The viewer's decoder needs a keyframe (it connected, or sent PLI/FIR). */
  keyframeNeeded: [];
}

/**
 * A WHEP viewer: one sendonly transceiver per kind the viewer offered. RTP from the publisher goes
 * out through werift's RTCRtpSender, which rewrites SSRC, payload type, sequence number and
 * timestamp, keeps the retransmission history that answers the viewer's NACKs (with RTX when
 * negotiated), and sends sender reports.
 *
 * A viewer that opens a `brume-metadata` data channel gets the stream's metadata on it, with clock
 * messages that tie the RTP timestamps it receives to stream time (`ViewerMetadataChannel`).
 */
export class ViewerSession extends PeerSession {
  readonly role = 'viewer';
  readonly feedback: Emitter<ViewerEvents>;
  private readonly senders = new Map<MediaKind, RTCRtpSender>();
  private readonly outputs = new Map<MediaKind, FastRtpSender>();
  private readonly sourceSsrc = new Map<MediaKind, number>();
  private _forwarded = 0;
  private _bytes = 0;
  private _nacksReceived = 0;
  private _plisReceived = 0;
  /** Viewer video RTP timestamp − publisher RTP timestamp (mod 2^32), as werift's sender applies it. */
  private videoRtpOffset: number | undefined;

  constructor(
    streamName: string,
    offer: PreparedOffer,
    remoteAddress: string,
    ice: IceConfig,
    log: Logger,
    /** The stream's metadata and its publish's video clock, for a `brume-metadata` data channel. */
    private readonly metadata?: { store: MetadataStore; clock: () => RtpClockPair | undefined },
  ) {
    super(streamName, offer, remoteAddress, ice, log);
    this.feedback = new Emitter((error) => this.log.error({ err: error }, 'viewer listener failed'));
    this.track(
      this.events.on('connected', () => this.feedback.emit('keyframeNeeded')),
      () => this.feedback.removeAll(),
    );
    if (metadata) {
      this.track(
        this.pc.onDataChannel.subscribe((channel) => {
          if (channel.label !== WHEP_METADATA_CHANNEL || this.closed) return;
          const session = new ViewerMetadataChannel(
            channel,
            metadata.store,
            () => this.viewerClock(),
            this.log,
          );
          this.track(() => session.dispose());
        }).unSubscribe,
      );
    }
  }

  get forwarded(): number {
    return this._forwarded;
  }

  /** RTP bytes handed to werift for this viewer (headers included; retransmissions not). */
  get bytes(): number {
    return this._bytes;
  }

  /** Generic NACKs and keyframe requests (PLI, FIR) the viewer sent. */
  get nacksReceived(): number {
    return this._nacksReceived;
  }

  get plisReceived(): number {
    return this._plisReceived;
  }

  /** Whether every track of this viewer is sent through `FastRtpSender`'s own path (not werift's `sendRtp`). */
  get fastSend(): boolean {
    return [...this.outputs.values()].every((output) => output.fast);
  }

  /** Packets this viewer reported lost in its RTCP receiver reports (werift's remote-inbound stats). */
  async packetsLost(): Promise<number> {
    let lost = 0;
    for (const sender of this.senders.values()) {
      for (const stats of (await sender.getStats()).values()) {
        if (stats.type === 'remote-inbound-rtp') lost += (stats as { packetsLost?: number }).packetsLost ?? 0;
      }
    }
    return lost;
  }

  /** Sends one publisher packet to this viewer; dropped until the viewer is connected. */
  forward(kind: MediaKind, packet: FanoutPacket): void {
    const output = this.outputs.get(kind);
    if (!output || !this.connected || this.closed) return;
    const source = packet.source.header;
    const previousSsrc = this.sourceSsrc.get(kind);
    if (previousSsrc !== source.ssrc) {
      // A new publisher took over the stream: continue this viewer's sequence and timeline.
      if (previousSsrc !== undefined) output.sender.replaceRTP(source, true);
      this.sourceSsrc.set(kind, source.ssrc);
    }
    const timestamp = output.send(packet);
    if (timestamp === undefined) return;
    this._forwarded++;
    this._bytes += packet.source.serializeSize;
    // The sender rewrites timestamps by an offset werift keeps private (changed by `replaceRTP`):
    // read back what this viewer gets.
    if (kind === 'video') this.videoRtpOffset = (timestamp - source.timestamp) >>> 0;
  }

  /** The newest packaged video frame, as this viewer's RTP timestamp and its stream time. */
  private viewerClock(): { rtp: number; streamMs: number } | undefined {
    const pair = this.metadata?.clock();
    if (!pair || this.videoRtpOffset === undefined) return undefined;
    return { rtp: (pair.rtpTimestamp + this.videoRtpOffset) >>> 0, streamMs: pair.streamMs };
  }

  protected override async beforeRemoteDescription(): Promise<void> {
    for (const kind of this.offer.kinds) {
      const transceiver = this.pc.addTransceiver(kind, { direction: 'sendonly' });
      const sender = transceiver.sender;
      this.senders.set(kind, sender);
      this.outputs.set(
        kind,
        new FastRtpSender(sender, (reason) =>
          this.log.debug({ session: this.id, kind, reason }, `viewer ${kind} uses werift's sendRtp`),
        ),
      );
      this.track(sender.onGenericNack.subscribe(() => this._nacksReceived++).unSubscribe);
      if (kind === 'video') {
        this.track(
          sender.onPictureLossIndication.subscribe(() => {
            this._plisReceived++;
            this.feedback.emit('keyframeNeeded');
          }).unSubscribe,
          sender.onRtcp.subscribe((packet) => {
            // werift answers PLI itself (onPictureLossIndication) but only surfaces FIR here.
            if (packet instanceof RtcpPayloadSpecificFeedback && packet.feedback.count === FIR_FMT) {
              this._plisReceived++;
              this.feedback.emit('keyframeNeeded');
            }
          }).unSubscribe,
        );
      }
    }
  }
}
