import type { LoadProtocol } from './load-stats';

/** Bounds of one run: the swarm is a test tool, not a flood. */
export const SWARM_LIMITS = { clientsPerProtocol: 2000, durationS: 3600 } as const;

export interface SwarmOptions {
  /** The relay's base URL. */
  url: URL;
  stream: string;
  clients: Record<LoadProtocol, number>;
  durationS: number;
  /** Joins are spread evenly over this many seconds (within the duration). */
  rampS: number;
  token?: string;
  /** Allows a non-loopback URL (and ICE on every interface). */
  allowRemote?: boolean;
}

export class SwarmOptionsError extends Error {
  override name = 'SwarmOptionsError';
}

/** Throws a {@link SwarmOptionsError} saying what to change when `options` are out of bounds. */
export function checkSwarmOptions(options: SwarmOptions): void {
  const { url, clients, durationS, rampS } = options;
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SwarmOptionsError(`--url must be http(s)://…, got ${url.protocol}`);
  if (!options.allowRemote && !isLoopbackHost(url.hostname))
    throw new SwarmOptionsError(
      `--url ${url.host} is not loopback; add --allow-remote to load another machine`,
    );
  for (const [protocol, count] of Object.entries(clients)) {
    if (!Number.isInteger(count) || count < 0 || count > SWARM_LIMITS.clientsPerProtocol)
      throw new SwarmOptionsError(
        `--${protocol} is a whole number from 0 to ${SWARM_LIMITS.clientsPerProtocol}, got ${count}`,
      );
  }
  if (Object.values(clients).every((count) => count === 0))
    throw new SwarmOptionsError('no clients: give at least one of --whep, --ws, --hls, --dash');
  if (!(durationS > 0 && durationS <= SWARM_LIMITS.durationS))
    throw new SwarmOptionsError(`--duration is seconds, more than 0 and at most ${SWARM_LIMITS.durationS}`);
  if (!(rampS >= 0 && rampS < durationS))
    throw new SwarmOptionsError('--ramp is seconds, at least 0 and less than --duration');
}

/** 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
