import { isHls } from '../codec-support';
import type { EngineLoader } from '../types';

/**
 * The browser's own `<video src>`: progressive MP4 everywhere, HLS where the browser plays it
 * (Safari, iOS). No library to download, so it is the fallback of last resort for MP4.
 */
export const nativeLoader: EngineLoader = {
  name: 'native',
  canPlay(source, env) {
    if (source.protocol === 'mp4') {
      return env.canPlayType('video/mp4') ? { ok: true, score: 5 } : { ok: false, reason: 'no MP4 playback' };
    }
    if (isHls(source)) {
      return env.canPlayType('application/vnd.apple.mpegurl')
        ? { ok: true, score: 5 }
        : { ok: false, reason: 'this browser does not play HLS natively' };
    }
    if (source.protocol === 'ts') {
      return env.canPlayType('video/mp2t')
        ? { ok: true, score: 2 }
        : { ok: false, reason: 'no MPEG-TS playback' };
    }
    return { ok: false, reason: `the video element does not play ${source.protocol}` };
  },
  load: () => import('./engine'),
};
