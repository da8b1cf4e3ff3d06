import type { EngineLoader } from '../types';

/**
 * WHEP (WebRTC-HTTP egress): the lowest-latency way to play, and the only engine that needs nothing
 * but the browser. Scores high so it wins whenever the server offers it and the browser has WebRTC.
 */
export const whepLoader: EngineLoader = {
  name: 'whep',
  canPlay(source, env, info) {
    if (source.protocol !== 'whep') return { ok: false, reason: `whep does not play ${source.protocol}` };
    if (!env.webrtc) return { ok: false, reason: 'this browser has no WebRTC (RTCPeerConnection)' };
    const video = info?.tracks.find((t) => t.kind === 'video');
    const receivable = env.webrtcCodecs('video');
    const wanted = video ? webrtcMime(video.codec) : undefined;
    if (wanted && receivable.length && !receivable.includes(wanted)) {
      return { ok: false, reason: `this browser's WebRTC cannot decode ${wanted}` };
    }
    return { ok: true, score: 10 };
  },
  load: () => import('./engine'),
};

/** `avc1.42e01f` → `video/h264`, `vp8` → `video/vp8`: the names of `RTCRtpReceiver.getCapabilities`. */
function webrtcMime(codec: string): string | undefined {
  const c = codec.toLowerCase();
  if (c.startsWith('avc1') || c.startsWith('avc3')) return 'video/h264';
  if (c.startsWith('vp8')) return 'video/vp8';
  if (c.startsWith('vp09') || c === 'vp9') return 'video/vp9';
  if (c.startsWith('av01')) return 'video/av1';
  return undefined;
}
