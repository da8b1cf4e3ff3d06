import { setMaxListeners } from 'node:events';
import type { StreamInfo } from '@brume/protocol';
import { DashLoadClient } from './dash-load-client';
import { LlHlsLoadClient } from './ll-hls-load-client';
import {
  pause,
  ProtocolStats,
  targetUrl,
  type LoadClient,
  type LoadProtocol,
  type LoadTarget,
} from './load-stats';
import { checkSwarmOptions, isLoopbackHost, type SwarmOptions } from './swarm-options';
import { protocolReport, type SwarmReport } from './swarm-report';
import { WhepLoadClient } from './whep-load-client';
import { WsLoadClient } from './ws-load-client';

/** How often the swarm samples its own memory and settles part arrivals. */
const SAMPLE_MS = 1000;
/** After the end, clients get this long to send their DELETEs and close before the report. */
const STOP_GRACE_MS = 10_000;

const ORDER: readonly LoadProtocol[] = ['whep', 'ws', 'hls', 'dash'];

/**
 * Runs the swarm: joins every client over the ramp (protocols interleaved, so each sees the same
 * ramp), lets them play until the duration is over or `signal` aborts, stops them all, and reports.
 * Bounded by construction: `checkSwarmOptions` caps the counts and the duration.
 */
export async function runSwarm(options: SwarmOptions, signal?: AbortSignal): Promise<SwarmReport> {
  checkSwarmOptions(options);
  const target: LoadTarget = { base: options.url, stream: options.stream, token: options.token };
  const loopback = isLoopbackHost(options.url.hostname);
  const stats = new Map(ORDER.map((protocol) => [protocol, new ProtocolStats(protocol)]));
  const clients = interleave(
    ORDER.map((protocol) =>
      Array.from({ length: options.clients[protocol] }, () =>
        create(protocol, target, stats.get(protocol)!, loopback),
      ),
    ),
  );

  const stop = new AbortController();
  // Every request of every client listens on it (undici lets go of a finished request's listener
  // only when the request is collected): thousands at a time is expected, not a leak.
  setMaxListeners(0, stop.signal);
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const durationMs = options.durationS * 1000;
  const deadline = setTimeout(onAbort, durationMs);
  const streamFps = await fetchStreamFps(target, stop.signal);

  const cpuStart = process.cpuUsage();
  let maxRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    maxRss = Math.max(maxRss, process.memoryUsage.rss());
    const now = Date.now();
    for (const protocol of stats.values()) protocol.arrival.settle(now);
  }, SAMPLE_MS);
  const started = performance.now();
  const runs: Promise<void>[] = [];
  try {
    for (const [i, client] of clients.entries()) {
      const joinAt = clients.length > 1 ? (i * options.rampS * 1000) / (clients.length - 1) : 0;
      await pause(joinAt - (performance.now() - started), stop.signal);
      if (stop.signal.aborted) break;
      runs.push(client.run(stop.signal));
    }
    await new Promise<void>((resolve) =>
      stop.signal.aborted
        ? resolve()
        : stop.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(runs),
      new Promise((resolve) => (grace = setTimeout(resolve, STOP_GRACE_MS))),
    ]);
    clearTimeout(grace);
  } finally {
    clearTimeout(deadline);
    clearInterval(sampler);
    signal?.removeEventListener('abort', onAbort);
  }
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  maxRss = Math.max(maxRss, process.memoryUsage.rss());
  return {
    url: options.url.origin,
    stream: options.stream,
    durationS: elapsedMs / 1000,
    streamFps,
    protocols: ORDER.filter((p) => options.clients[p] > 0).map((p) =>
      protocolReport(stats.get(p)!, elapsedMs),
    ),
    swarm: { cpuPercent: ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100, maxRssMb: maxRss / 2 ** 20 },
  };
}

function create(
  protocol: LoadProtocol,
  target: LoadTarget,
  stats: ProtocolStats,
  loopback: boolean,
): LoadClient {
  switch (protocol) {
    case 'whep':
      return new WhepLoadClient(target, stats, { iceHostAddresses: loopback ? ['127.0.0.1'] : undefined });
    case 'ws':
      return new WsLoadClient(target, stats);
    case 'hls':
      return new LlHlsLoadClient(target, stats);
    case 'dash':
      return new DashLoadClient(target, stats);
  }
}

/** [[a1, a2], [b1]] → [a1, b1, a2]. */
function interleave<T>(lists: readonly T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((list) => i < list.length); i++)
    for (const list of lists) if (i < list.length) out.push(list[i]!);
  return out;
}

/** The stream's video frame rate from its info, if the relay knows it (best effort). */
async function fetchStreamFps(target: LoadTarget, signal: AbortSignal): Promise<number | undefined> {
  try {
    const url = targetUrl(target, `/api/streams/${encodeURIComponent(target.stream)}`);
    const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(2000)]) });
    if (!response.ok) return undefined;
    const info = (await response.json()) as StreamInfo;
    return info.tracks.find((track) => track.kind === 'video')?.fps;
  } catch {
    return undefined;
  }
}
