import type { ServerOptions } from '../config';

/**
 * Stacks option layers, later ones winning key by key (`ice` merged one level deeper); keys set to
 * undefined do not count. The relay's order: defaults < npm start's own < config file < env < flags.
 */
export function layerOptions(...layers: readonly ServerOptions[]): ServerOptions {
  const merged: ServerOptions = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      if (key === 'ice') merged.ice = { ...merged.ice, ...(value as ServerOptions['ice']) };
      else Object.assign(merged, { [key]: value });
    }
  }
  return merged;
}
