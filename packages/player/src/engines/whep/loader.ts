import type { EngineLoader } from '../types';

/**
 * WHEP (WebRTC-HTTP egress): the lowest-latency way to play, and the only engine that needs nothing
 * but the browser. Scores high so it wins whenever the server offers it and the browser has WebRTC.
 */
export const whepLoader: EngineLoader = {
  name: 'whep',
  canPlay(source, env) {
    if (source.protocol !== 'whep') return { ok: false, reason: `whep does not play ${source.protocol}` };
    if (!env.webrtc) return { ok: false, reason: 'this browser has no WebRTC (RTCPeerConnection)' };
    return { ok: true, score: 10 };
  },
  load: () => import('./engine'),
};
