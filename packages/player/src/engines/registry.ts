import type { EngineLoader } from './types';
import { whepLoader } from './whep/loader';

/**
 * The engines the player knows, in order of preference when scores tie. Adding an engine means a
 * `loader.ts` + `engine.ts` under `engines/<name>/` and one line here.
 */
export const defaultEngineLoaders: readonly EngineLoader[] = [whepLoader];
