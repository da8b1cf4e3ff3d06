import type { ServerOptions } from '../config';

type NestedKey = 'ice' | 'recording' | 'limits' | 'shutdown' | 'pull' | 'origin' | 'webhooks';
const NESTED: ReadonlySet<string> = new Set<NestedKey>([
  'ice',
  'recording',
  'limits',
  'shutdown',
  'pull',
  'origin',
  'webhooks',
]);

/**
 * Stacks option layers, later ones winning key by key (`ice`, `recording`, `limits`, `shutdown`,
 * `pull`, `origin` and `webhooks` merged one level deeper: a flag setting one limit keeps the file's others); keys set to
 * undefined do not count. The relay's order: defaults < npm start's own < config file < env < flags.
 */
export function layerOptions(...layers: readonly ServerOptions[]): ServerOptions {
  const merged: ServerOptions = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      if (NESTED.has(key)) {
        const previous = merged[key as NestedKey] ?? {};
        Object.assign(merged, { [key]: { ...previous, ...(value as object) } });
      } else Object.assign(merged, { [key]: value });
    }
  }
  return merged;
}
