import { isDash, mseVerdict } from '../codec-support';
import type { EngineLoader } from '../types';

/** dash.js, the DASH-IF reference client: DASH and LL-DASH (chunked CMAF) through MSE. */
export const dashjsLoader: EngineLoader = {
  name: 'dashjs',
  canPlay(source, env, info) {
    if (!isDash(source)) return { ok: false, reason: `dash.js does not play ${source.protocol}` };
    return mseVerdict('dash.js', source, env, info, 8);
  },
  load: () => import('./engine'),
};
