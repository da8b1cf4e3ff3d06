import { findSeiTimecodeRtp } from '@brume/protocol';
import { RTCPeerConnection } from 'werift';
import { peerConfig } from '../webrtc/peer-config';
import {
  httpErrorCode,
  targetUrl,
  thrownErrorCode,
  type ClientStats,
  type LoadClient,
  type LoadTarget,
  type ProtocolStats,
} from './load-stats';
import { SequenceGaps } from './sequence-gaps';

/** ICE + DTLS must be done within this, or the viewer counts as failed. */
const CONNECT_TIMEOUT_MS = 10_000;
/** The DELETE on stop must not hold the swarm's exit. */
const DELETE_TIMEOUT_MS = 5_000;

export interface WhepLoadOptions {
  /** Addresses ICE gathers on (`['127.0.0.1']` on loopback); all interfaces when undefined. */
  iceHostAddresses?: string[];
}

/**
 * A WHEP viewer in werift: recvonly video + audio, one POST, then it counts pictures (a new RTP
 * timestamp on the video track), lost packets (sequence holes not repaired by NACK), pictures
 * missing by timestamp cadence, and reads the SEI timecode the publisher put before each picture.
 * Nothing is depacketized or decoded. Stopping sends the WHEP DELETE, then closes the peer.
 */
export class WhepLoadClient implements LoadClient {
  readonly stats: ClientStats;

  constructor(
    private readonly target: LoadTarget,
    private readonly shared: ProtocolStats,
    private readonly options: WhepLoadOptions = {},
  ) {
    this.stats = shared.client();
  }

  async run(signal: AbortSignal): Promise<void> {
    const { stats, shared } = this;
    stats.startedAtMs = Date.now();
    const config = peerConfig({ hostAddresses: this.options.iceHostAddresses });
    const pc = new RTCPeerConnection({ ...config, iceLite: false });
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    // werift falls back to a public STUN server when none is set: the swarm never asks it.
    for (const transport of pc.iceTransports) {
      (transport.connection as { stunServer?: unknown }).stunServer = undefined;
    }
    const sequences = { video: new SequenceGaps(), audio: new SequenceGaps() };
    let timestamp: number | undefined;
    let extended = 0;
    let stamped = false;
    pc.onTrack.subscribe((track) => {
      const kind = track.kind === 'video' ? 'video' : 'audio';
      track.onReceiveRtp.subscribe((packet) => {
        stats.bytes += packet.payload.length + 12;
        sequences[kind].add(packet.header.sequenceNumber);
        if (kind !== 'video') return;
        const now = Date.now();
        if (packet.header.timestamp !== timestamp) {
          // 32-bit RTP time, unwrapped so an hour-long run never steps back.
          if (timestamp !== undefined) extended += (packet.header.timestamp - timestamp) | 0;
          timestamp = packet.header.timestamp;
          stamped = false;
          stats.pictures.add(extended);
          if (stats.firstFrameAtMs === undefined) shared.picture(stats, now, undefined);
          stats.lastFrameAtMs = now;
        }
        if (!stamped) {
          const timecode = findSeiTimecodeRtp(packet.payload);
          if (timecode !== undefined) {
            stamped = true;
            shared.latency.add(now - timecode / 1000);
          }
        }
      });
    });
    let location: URL | undefined;
    let failed: (() => void) | undefined;
    const ended = new Promise<void>((resolve) => {
      failed = resolve;
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') stats.connected = true;
      if (signal.aborted) return;
      // Disconnected may recover (consent checks on a busy machine): counted, the viewer waits on.
      if (state === 'disconnected') stats.error('webrtc/disconnected');
      if (state === 'failed') {
        stats.error('webrtc/failed');
        if (!stats.connected) stats.failed = true;
        failed?.();
      }
    });
    try {
      await pc.setLocalDescription(await pc.createOffer());
      const offer = pc.localDescription?.sdp;
      if (!offer) throw new Error('no local description');
      const endpoint = targetUrl(this.target, `/whep/${encodeURIComponent(this.target.stream)}`);
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp' },
        body: offer,
        signal,
      });
      if (response.status !== 201) {
        stats.error(await httpErrorCode(response));
        stats.failed = true;
        return;
      }
      const header = response.headers.get('location');
      if (header) location = new URL(header, endpoint);
      await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
      const timeout = setTimeout(() => {
        if (stats.connected) return;
        stats.error('webrtc/connect-timeout');
        stats.failed = true;
        failed?.();
      }, CONNECT_TIMEOUT_MS);
      await ended;
      clearTimeout(timeout);
    } catch (error) {
      if (!signal.aborted) {
        stats.error(thrownErrorCode(error));
        stats.failed = true;
      }
    } finally {
      sequences.video.finish();
      sequences.audio.finish();
      stats.lostPackets = sequences.video.lost + sequences.audio.lost;
      if (location) await this.delete(location);
      await pc.close();
      stats.stoppedAtMs = Date.now();
    }
  }

  private async delete(location: URL): Promise<void> {
    if (this.target.token && !location.searchParams.has('token'))
      location.searchParams.set('token', this.target.token);
    try {
      const response = await fetch(location, {
        method: 'DELETE',
        signal: AbortSignal.timeout(DELETE_TIMEOUT_MS),
      });
      if (!response.ok && response.status !== 404)
        this.stats.error(`delete-${await httpErrorCode(response)}`);
      else await response.body?.cancel();
    } catch (error) {
      this.stats.error(`delete-${thrownErrorCode(error)}`);
    }
  }
}
