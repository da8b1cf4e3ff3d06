import {
  MediaStreamTrack,
  RTCPeerConnection,
  RtpHeader,
  RtpPacket,
  useH264,
  type RTCRtpSender,
} from 'werift';
import { isLoopbackAddress, peerConfig } from '../webrtc/peer-config';
import { PublishError } from './publish-error';

/** What one WHIP publisher has sent and heard back. */
export interface PeerCounters {
  packets: number;
  /** RTP payload bytes sent (both tracks). */
  bytes: number;
  frames: number;
  /** Generic NACKs and PLIs received from the relay. */
  nacks: number;
  plis: number;
  /** Smoothed round-trip time from RTCP receiver reports, seconds, once known. */
  rttSeconds: number | undefined;
}

const VIDEO_PT = 96;
const AUDIO_PT = 111;

/**
 * One WHIP publisher over werift: POSTs an H.264 + Opus sendonly offer to `whipUrl`, then sends the
 * RTP payloads it is given. Sequence numbers and the SSRC are its own (werift rewrites the SSRC and
 * payload type to what was negotiated); the same payload bytes can go to many peers, each packet
 * header is new, since werift's sender writes into it and keeps it for retransmission.
 */
export class PublishPeer {
  private readonly pc: RTCPeerConnection;
  private readonly video = new MediaStreamTrack({ kind: 'video' });
  private readonly audio = new MediaStreamTrack({ kind: 'audio' });
  private readonly videoSender: RTCRtpSender;
  private readonly audioSender: RTCRtpSender;
  private location: string | undefined;
  private videoSeq = Math.floor(Math.random() * 0x10000);
  private audioSeq = Math.floor(Math.random() * 0x10000);
  private closed = false;
  private readonly counts = { packets: 0, bytes: 0, frames: 0, nacks: 0, plis: 0 };

  constructor(
    readonly stream: string,
    private readonly whipUrl: string,
    private readonly key: string | undefined,
  ) {
    const host = new URL(whipUrl).hostname.replace(/^\[|\]$/g, '');
    // On loopback, candidates stay on 127.0.0.1: nothing leaves the machine.
    const config = peerConfig(isLoopbackAddress(host) ? { hostAddresses: ['127.0.0.1'] } : {});
    config.codecs = { ...config.codecs, video: [useH264()] };
    // The relay is ICE lite: this side runs the checks.
    this.pc = new RTCPeerConnection({ ...config, iceLite: false });
    this.videoSender = this.pc.addTransceiver(this.video, { direction: 'sendonly' }).sender;
    this.audioSender = this.pc.addTransceiver(this.audio, { direction: 'sendonly' }).sender;
    // werift falls back to a public STUN server when none is configured: never query it.
    for (const transport of this.pc.iceTransports) {
      (transport.connection as { stunServer?: unknown }).stunServer = undefined;
    }
    this.videoSender.onPictureLossIndication.subscribe(() => this.counts.plis++);
    this.videoSender.onGenericNack.subscribe((nack) => (this.counts.nacks += nack.lost.length));
  }

  get connected(): boolean {
    return this.pc.connectionState === 'connected';
  }

  /** The transport failed or closed after connecting. */
  get failed(): boolean {
    const state = this.pc.connectionState;
    return state === 'failed' || state === 'closed';
  }

  get counters(): PeerCounters {
    // werift 0.24 keeps the RTCP round-trip estimate in a private field.
    const rtt = (this.videoSender as unknown as { rtt?: number }).rtt;
    return { ...this.counts, rttSeconds: rtt };
  }

  /** Offers, POSTs, applies the answer and waits for the connection. */
  async start(connectTimeoutMs: number): Promise<void> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    const offer = this.pc.localDescription?.sdp ?? '';
    let response: Response;
    try {
      response = await fetch(this.whipUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/sdp',
          ...(this.key ? { Authorization: `Bearer ${this.key}` } : {}),
        },
        body: offer,
        signal: AbortSignal.timeout(connectTimeoutMs),
      });
    } catch (error) {
      throw PublishError.unreachable(this.whipUrl, error);
    }
    const body = await response.text();
    if (response.status !== 201) {
      const { code, message } = errorBody(body);
      throw PublishError.rejected(this.whipUrl, response.status, code, message);
    }
    const location = response.headers.get('location');
    if (location) this.location = new URL(location, this.whipUrl).toString();
    await this.pc.setRemoteDescription({ type: 'answer', sdp: body });
    await waitConnected(this.pc, connectTimeoutMs, this.stream);
  }

  /** One picture: its payloads at one 90 kHz timestamp, the marker on the last. */
  sendPicture(payloads: readonly Uint8Array[], timestamp: number): void {
    if (!this.connected) return;
    payloads.forEach((payload, i) =>
      this.send(
        this.videoSender,
        VIDEO_PT,
        (this.videoSeq = (this.videoSeq + 1) & 0xffff),
        timestamp,
        i === payloads.length - 1,
        payload,
      ),
    );
    this.counts.frames++;
  }

  /** One Opus packet at a 48 kHz timestamp. */
  sendAudio(payload: Uint8Array, timestamp: number): void {
    if (!this.connected) return;
    this.send(
      this.audioSender,
      AUDIO_PT,
      (this.audioSeq = (this.audioSeq + 1) & 0xffff),
      timestamp,
      true,
      payload,
    );
  }

  /** DELETEs the session (when it was created) and closes the connection. Never throws. */
  async close(timeoutMs = 2000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.location) {
      await fetch(this.location, {
        method: 'DELETE',
        headers: this.key ? { Authorization: `Bearer ${this.key}` } : {},
        signal: AbortSignal.timeout(timeoutMs),
      }).catch(() => undefined);
    }
    await this.pc.close().catch(() => undefined);
  }

  private send(
    sender: RTCRtpSender,
    payloadType: number,
    sequenceNumber: number,
    timestamp: number,
    marker: boolean,
    payload: Uint8Array,
  ): void {
    const header = new RtpHeader({ payloadType, sequenceNumber, timestamp: timestamp >>> 0, marker });
    this.counts.packets++;
    this.counts.bytes += payload.length;
    sender
      .sendRtp(new RtpPacket(header, Buffer.from(payload.buffer, payload.byteOffset, payload.length)))
      .catch(() => {
        // A packet racing the close: nothing to do, the session is ending.
      });
  }
}

function errorBody(body: string): { code?: string; message: string } {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string; message?: string } };
    return { code: parsed.error?.code, message: parsed.error?.message ?? '' };
  } catch {
    return { message: body.slice(0, 200) };
  }
}

function waitConnected(pc: RTCPeerConnection, timeoutMs: number, stream: string): Promise<void> {
  if (pc.connectionState === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(PublishError.notConnected(stream, timeoutMs));
    }, timeoutMs);
    const { unSubscribe: unsubscribe } = pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      } else if (state === 'failed' || state === 'closed') {
        clearTimeout(timer);
        unsubscribe();
        reject(PublishError.notConnected(stream, timeoutMs));
      }
    });
  });
}
