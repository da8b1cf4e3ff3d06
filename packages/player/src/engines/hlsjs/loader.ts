import { isHls, mseVerdict } from '../codec-support';
import type { EngineLoader } from '../types';

/** hls.js: HLS and LL-HLS through MSE, everywhere but iOS Safari's old versions. */
export const hlsjsLoader: EngineLoader = {
  name: 'hlsjs',
  canPlay(source, env, info) {
    if (!isHls(source)) return { ok: false, reason: `hls.js does not play ${source.protocol}` };
    return mseVerdict('hls.js', source, env, info, 8);
  },
  load: () => import('./engine'),
};
