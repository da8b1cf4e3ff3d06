import { setMaxListeners } from 'node:events';
import { followLlHls, type FollowerStats } from './ll-hls-follower';
import type { OriginRequestKind, OriginTally } from './origin-tally';

export interface FanoutResult {
  clients: number;
  /** How long the run lasted. */
  seconds: number;
  /** Requests that reached the origin during the run, by kind. */
  origin: Record<OriginRequestKind, number>;
  /**
   * Origin requests per video part the origin was asked for during the run: 1 when every part
   * reached the origin once, whatever the number of viewers.
   */
  originRequestsPerPart: number;
  /** Requests the clients made (through the cache). */
  clientRequests: number;
  /** Distinct video parts the clients received. */
  distinctParts: number;
  /**
   * Video parts made during the run (first served by the origin after it began): the unit of the
   * per-part ratios. Clients that join on a playlist a cache kept a moment also fetch a few older
   * parts, from the cache.
   */
  newParts: number;
  /** Per client: parts received, gaps, errors. */
  perClient: { parts: number; gaps: string[]; catchUpSegments: number; errors: number }[];
  /**
   * Per new part received: ms from the origin first serving it (it had just become available) to
   * the client having all of it, through the cache. Sorted.
   */
  latenciesMs: number[];
}

/** Runs `clients` followers of `playlistUrl` until `signal` aborts (here, or in another thread). */
export type FollowerRunner = (
  playlistUrl: string,
  clients: number,
  signal: AbortSignal,
) => Promise<FollowerStats[]>;

const inProcess: FollowerRunner = (playlistUrl, clients, signal) =>
  Promise.all(Array.from({ length: clients }, () => followLlHls(playlistUrl, signal)));

/**
 * `clients` LL-HLS followers of `playlistUrl` (through a cache), all at once, while `tally` counts
 * what reaches the origin: for `seconds`, or until the origin has served `untilNewParts` new video
 * parts if that comes first (a test on a loaded machine then still sees enough parts). Bounded:
 * every request is aborted at the end. `runner` runs the followers (default: in this process).
 */
export async function runFanout(
  playlistUrl: string,
  tally: OriginTally,
  clients: number,
  seconds: number,
  { untilNewParts = Infinity, runner = inProcess }: { untilNewParts?: number; runner?: FollowerRunner } = {},
): Promise<FanoutResult> {
  const before = { ...tally.counts };
  const partsBefore = new Map(tally.partRequests);
  const startMs = Date.now();
  const stop = new AbortController();
  const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(seconds * 1000)]);
  // Every request of every client listens to it: hundreds at once are expected, not a leak.
  setMaxListeners(0, signal);
  const newPartsServed = () => [...tally.partServedAt.values()].filter((at) => at >= startMs).length;
  const watch = setInterval(() => {
    if (newPartsServed() >= untilNewParts) stop.abort();
  }, 100);
  let stats: FollowerStats[];
  try {
    stats = await runner(playlistUrl, clients, signal);
  } finally {
    clearInterval(watch);
  }
  const origin = { ...tally.counts };
  for (const kind of Object.keys(origin) as OriginRequestKind[]) origin[kind] -= before[kind];
  const parts = new Set<string>();
  const newParts = new Set<string>();
  const latenciesMs: number[] = [];
  for (const client of stats) {
    for (const [part, at] of client.received) {
      parts.add(part);
      const served = tally.partServedAt.get(part);
      if (served === undefined || served < startMs) continue;
      newParts.add(part);
      latenciesMs.push(Math.max(0, at - served));
    }
  }
  latenciesMs.sort((a, b) => a - b);
  let asked = 0;
  let requests = 0;
  for (const [part, count] of tally.partRequests) {
    const during = count - (partsBefore.get(part) ?? 0);
    if (during === 0) continue;
    asked += 1;
    requests += during;
  }
  return {
    clients,
    seconds: (Date.now() - startMs) / 1000,
    origin,
    originRequestsPerPart: asked === 0 ? 0 : requests / asked,
    clientRequests: stats.reduce((sum, client) => sum + client.requests, 0),
    distinctParts: parts.size,
    newParts: newParts.size,
    perClient: stats.map((client) => ({
      parts: client.received.size,
      gaps: client.gaps,
      catchUpSegments: client.catchUpSegments,
      errors: client.errors,
    })),
    latenciesMs,
  };
}

/** The value at quantile `q` (0..1) of sorted `values`. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  return values[Math.min(values.length - 1, Math.floor(q * values.length))]!;
}
