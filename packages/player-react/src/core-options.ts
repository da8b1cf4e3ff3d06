import type { PlayerOptions } from '@brume/player';

/** The options that make a new core when they change (`muted`, `onQoE`, `onMetadata` apply in place). */
export type CoreOptions = Omit<PlayerOptions, 'muted' | 'onQoE' | 'onMetadata'>;

/**
 * A value that changes only when an option really changes. Pages write `sources={[{ url }]}` inline,
 * a new array on every render; comparing by content keeps the core (and playback) alive across them.
 */
export function coreOptionsKey(options: CoreOptions): string {
  const {
    stream,
    host,
    server,
    sources,
    token,
    latency,
    forceEngine,
    forceSource,
    forceProtocol,
    priority,
    latencyMeter,
    autoPlay,
    startTimeoutMs,
    cast,
  } = options;
  return JSON.stringify({
    stream,
    host,
    server,
    sources,
    token,
    latency,
    forceEngine,
    forceSource,
    forceProtocol,
    priority,
    latencyMeter,
    autoPlay,
    startTimeoutMs,
    cast,
  });
}
