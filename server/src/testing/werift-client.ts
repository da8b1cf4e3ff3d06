import {
  MediaStreamTrack,
  RTCPeerConnection,
  RtpHeader,
  RtpPacket,
  type RTCRtpCodecParameters,
  type RTCRtpSender,
} from 'werift';
import { peerConfig } from '../webrtc/peer-config';

/** Test helpers: werift peers playing WHIP publisher and WHEP viewer over loopback only. */
export const LOOPBACK = { hostAddresses: ['127.0.0.1'] };

export async function postOffer(
  url: string,
  sdp: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; location: string | null; etag: string | null; body: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/sdp' },
    body: sdp,
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    etag: response.headers.get('etag'),
    body: await response.text(),
  };
}

export function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 20);
  });
}

export interface TestPublisher {
  pc: RTCPeerConnection;
  video: MediaStreamTrack;
  audio: MediaStreamTrack;
  videoSender: RTCRtpSender;
  pliCount(): number;
}

/**
 * The relay is ICE lite, so the test peers run full ICE (they send the checks). werift falls back
 * to a hard-coded public STUN server when none is configured; the peers must never query it (tests
 * stay on loopback), so that fallback is cleared on every ICE transport before gathering.
 */
function clientPeer(videoCodecs?: RTCRtpCodecParameters[]): RTCPeerConnection {
  const config = peerConfig(LOOPBACK);
  if (videoCodecs) config.codecs = { ...config.codecs, video: videoCodecs };
  return new RTCPeerConnection({ ...config, iceLite: false });
}

function withoutFallbackStun(pc: RTCPeerConnection): RTCPeerConnection {
  for (const transport of pc.iceTransports) {
    (transport.connection as { stunServer?: unknown }).stunServer = undefined;
  }
  return pc;
}

export function createPublisher(): TestPublisher {
  const pc = clientPeer();
  const video = new MediaStreamTrack({ kind: 'video' });
  const audio = new MediaStreamTrack({ kind: 'audio' });
  const videoSender = pc.addTransceiver(video, { direction: 'sendonly' }).sender;
  pc.addTransceiver(audio, { direction: 'sendonly' });
  withoutFallbackStun(pc);
  let plis = 0;
  videoSender.onPictureLossIndication.subscribe(() => plis++);
  return { pc, video, audio, videoSender, pliCount: () => plis };
}

/**
 * A WHEP viewer. werift binds an offered `video/rtx` to the codec listed just before it, so pass
 * `[useH264(), rtx]` for a viewer that takes H.264 retransmissions as RTX.
 */
export function createViewer(videoCodecs?: RTCRtpCodecParameters[]): RTCPeerConnection {
  const pc = clientPeer(videoCodecs);
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  return withoutFallbackStun(pc);
}

/** Creates an offer with all candidates gathered (non-trickle). */
export async function fullOffer(pc: RTCPeerConnection): Promise<string> {
  await pc.setLocalDescription(await pc.createOffer());
  const sdp = pc.localDescription?.sdp;
  if (!sdp) throw new Error('no local description');
  return sdp;
}

export function rtp(
  payload: Uint8Array,
  sequenceNumber: number,
  timestamp: number,
  marker: boolean,
): RtpPacket {
  return new RtpPacket(
    new RtpHeader({ payloadType: 96, sequenceNumber, timestamp, marker, ssrc: 1 }),
    Buffer.from(payload),
  );
}
