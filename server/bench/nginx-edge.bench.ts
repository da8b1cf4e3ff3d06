/**
 * LL-HLS through nginx (deploy/nginx/brume-edge.conf) as a caching edge: for each viewer count, the
 * requests that reach the origin, the requests the viewers make, and how long a part takes to reach
 * a viewer through the cache. `npm run bench:cache`; BENCH_CLIENTS (10,100,500), BENCH_SECONDS (10),
 * BENCH_DIRECT (10: that many viewers also straight at the origin, for the latency without a cache).
 * Everything (publisher, relay, nginx, viewers) runs on this machine, on loopback.
 */
import { Worker } from 'node:worker_threads';
import { createServer } from '../src/index';
import { quantile, runFanout, type FanoutResult, type FollowerRunner } from '../src/testing/edge-fanout';
import type { FollowerStats } from '../src/testing/ll-hls-follower';
import { NginxEdge } from '../src/testing/nginx-edge';
import { OriginTally } from '../src/testing/origin-tally';
import { startMedia } from '../src/testing/test-media';
import { LOOPBACK, createPublisher, fullOffer, postOffer, waitFor } from '../src/testing/werift-client';

const clientCounts = (process.env.BENCH_CLIENTS ?? '10,100,500').split(',').map(Number);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const direct = Number(process.env.BENCH_DIRECT ?? 10);

/** The followers in a worker thread (`viewers-worker.ts`), stopped when `signal` aborts. */
const inWorker: FollowerRunner = (url, clients, signal) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./viewers-worker.mjs', import.meta.url), {
      workerData: { url, clients },
    });
    signal.addEventListener('abort', () => worker.postMessage('stop'), { once: true });
    worker.once('error', reject);
    worker.once(
      'message',
      (stats: (Omit<FollowerStats, 'received'> & { received: [string, number][] })[]) => {
        resolve(stats.map((client) => ({ ...client, received: new Map(client.received) })));
        void worker.terminate();
      },
    );
  });

if (!NginxEdge.available()) {
  console.error('nginx-edge bench: /usr/sbin/nginx is missing (apt-get install nginx)');
  process.exit(1);
}

const server = await createServer({
  port: 0,
  host: '127.0.0.1',
  ice: LOOPBACK,
  logLevel: 'silent',
  keyframeIntervalMs: 100,
});
const base = await server.listen();
const tally = new OriginTally(server.app.server);
const publisher = createPublisher();
const whip = await postOffer(`${base}/whip/bench`, await fullOffer(publisher.pc));
if (whip.status !== 201) throw new Error(`WHIP publish failed: ${whip.status} ${whip.body}`);
await publisher.pc.setRemoteDescription({ type: 'answer', sdp: whip.body });
await waitFor(() => publisher.pc.connectionState === 'connected', 10_000, 'publisher connected');
const media = startMedia(publisher);
await waitFor(() => server.registry.get('bench')?.state === 'live', 10_000, 'stream live');
const nginx = await NginxEdge.start(base);

const row = (label: string, r: FanoutResult) => {
  const partsPerClient = r.perClient.map((client) => client.parts).sort((a, b) => a - b);
  const originTotal = r.origin.part + r.origin['blocking-playlist'] + r.origin.playlist + r.origin.other;
  return [
    label,
    r.clients,
    (r.clientRequests / r.seconds).toFixed(0),
    (originTotal / r.seconds).toFixed(1),
    r.originRequestsPerPart.toFixed(2),
    (r.origin['blocking-playlist'] / r.newParts).toFixed(2),
    quantile(r.latenciesMs, 0.5).toFixed(0),
    quantile(r.latenciesMs, 0.99).toFixed(0),
    r.newParts,
    `${partsPerClient[0]}-${partsPerClient.at(-1)}`,
    r.perClient.reduce((sum, client) => sum + client.gaps.length, 0),
    r.perClient.reduce((sum, client) => sum + client.errors, 0),
  ].join(' | ');
};

try {
  // Warm-up: the packager starts on the first request and needs its first segment.
  await fetch(`${nginx.base}/hls/bench/video.m3u8`).then((response) => response.text());
  console.log(
    '| path | viewers | viewer req/s | origin req/s | origin requests per part asked | origin blocking playlists / new part | part latency p50 ms | p99 ms | new parts | parts per viewer | gaps | errors |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  if (direct > 0) {
    console.log(
      `| ${row('origin, no cache', await runFanout(`${base}/hls/bench/video.m3u8`, tally, direct, seconds, { runner: inWorker }))} |`,
    );
  }
  for (const clients of clientCounts) {
    console.log(
      `| ${row('nginx edge', await runFanout(`${nginx.base}/hls/bench/video.m3u8`, tally, clients, seconds, { runner: inWorker }))} |`,
    );
  }
} finally {
  await nginx.stop();
  tally.dispose();
  media.stop();
  await publisher.pc.close();
  await server.close();
}
