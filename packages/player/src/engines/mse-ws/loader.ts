import { mseVerdict } from '../codec-support';
import type { EngineLoader } from '../types';

/** Brume's fMP4-over-WebSocket protocol into MSE: sub-second latency without WebRTC. */
export const mseWsLoader: EngineLoader = {
  name: 'mse-ws',
  canPlay(source, env, info) {
    if (source.protocol !== 'ws-mp4') return { ok: false, reason: `mse-ws does not play ${source.protocol}` };
    if (!env.webSocket) return { ok: false, reason: 'this browser has no WebSocket' };
    return mseVerdict('mse-ws', source, env, info, 9);
  },
  load: () => import('./engine'),
};
