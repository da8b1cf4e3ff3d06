import { isDash, isHls, mseVerdict } from '../codec-support';
import type { EngineLoader } from '../types';

/** shaka-player: HLS and DASH (live, LL and VoD) through MSE; second choice after the dedicated clients. */
export const shakaLoader: EngineLoader = {
  name: 'shaka',
  canPlay(source, env, info) {
    if (!isHls(source) && !isDash(source)) {
      return { ok: false, reason: `shaka-player does not play ${source.protocol}` };
    }
    return mseVerdict('shaka-player', source, env, info, 6);
  },
  load: () => import('./engine'),
};
