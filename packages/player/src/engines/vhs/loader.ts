import { isDash, isHls, mseVerdict } from '../codec-support';
import type { EngineLoader } from '../types';

/** @videojs/http-streaming inside video.js: HLS and DASH; the heaviest engine, so the last resort. */
export const vhsLoader: EngineLoader = {
  name: 'vhs',
  canPlay(source, env, info) {
    if (!isHls(source) && !isDash(source)) {
      return { ok: false, reason: `video.js (VHS) does not play ${source.protocol}` };
    }
    return mseVerdict('video.js (VHS)', source, env, info, 4);
  },
  load: () => import('./engine'),
};
