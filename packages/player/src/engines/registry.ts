import { dashjsLoader } from './dashjs/loader';
import { hlsjsLoader } from './hlsjs/loader';
import { mseWsLoader } from './mse-ws/loader';
import { nativeLoader } from './native/loader';
import { shakaLoader } from './shaka/loader';
import type { EngineLoader } from './types';
import { vhsLoader } from './vhs/loader';
import { whepLoader } from './whep/loader';

/**
 * The engines the player knows, in order of preference when scores tie. Adding an engine means a
 * `loader.ts` + `engine.ts` under `engines/<name>/` and one line here.
 */
export const defaultEngineLoaders: readonly EngineLoader[] = [
  whepLoader,
  mseWsLoader,
  hlsjsLoader,
  dashjsLoader,
  shakaLoader,
  nativeLoader,
  vhsLoader,
];
