import type { LatencyMode, PlayerOptions, SourceInput } from '@brume/player';
import type { SourceProtocol } from '@brume/protocol';

const LATENCY: readonly LatencyMode[] = ['lowest', 'balanced', 'compatible'];

/**
 * Player options from the page address, so a link can pin a choice (and e2e tests force engines):
 * `engine` → forceEngine, `protocol` → forceProtocol, `latency`, `cast=off` (no Cast SDK, no cast
 * button), `token` (a viewer token), and `src` (repeatable: plain URLs to play instead of a Brume stream).
 */
export function playerParams(search: string): Partial<PlayerOptions> {
  const params = new URLSearchParams(search);
  const options: Partial<PlayerOptions> = {};
  const engine = params.get('engine');
  if (engine) options.forceEngine = engine;
  const protocol = params.get('protocol');
  if (protocol) options.forceProtocol = protocol as SourceProtocol;
  const latency = params.get('latency');
  if (latency && (LATENCY as string[]).includes(latency)) options.latency = latency as LatencyMode;
  const sources: SourceInput[] = params.getAll('src').map((url) => ({ url }));
  if (sources.length) options.sources = sources;
  if (params.get('cast') === 'off') options.cast = false;
  const token = params.get('token');
  if (token) options.token = token;
  return options;
}
