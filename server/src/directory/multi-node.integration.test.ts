import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RTCPeerConnection } from 'werift';
import WebSocket from 'ws';
import { createServer, type BrumeServer } from '../index';
import { freePort } from '../testing/free-port';
import { startRelayProcess, type RelayProcess } from '../testing/relay-process';
import { startRedis, type RedisProcess } from '../testing/redis-process';
import { startMedia } from '../testing/test-media';
import {
  LOOPBACK,
  createPublisher,
  createViewer,
  fullOffer,
  postOffer,
  waitFor,
} from '../testing/werift-client';

/** A relay node as its own process, so it can be killed like a machine going away. */
const startNode = (redisUrl: string) =>
  startRelayProcess((base) => ({ BRUME_REDIS_URL: redisUrl, BRUME_NODE_URL: base }));

/**
 * Several machines on loopback: Redis, an origin (where the publisher lands) and two edges (their
 * own processes). The publish registers in Redis; viewers on every node get the stream over WHEP,
 * LL-HLS and `/ws` (the edges find the origin in the directory and pull through); then an edge is
 * killed and its viewers recover on the other edge.
 */
describe('multi-node: Redis + origin + two edges', () => {
  let redis: RedisProcess;
  let origin: BrumeServer;
  let originBase: string;
  const edges: RelayProcess[] = [];
  const peers: RTCPeerConnection[] = [];
  const stops: (() => void)[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    const port = await freePort();
    originBase = `http://127.0.0.1:${port}`;
    origin = await createServer({
      port,
      host: '127.0.0.1',
      ice: LOOPBACK,
      logLevel: 'silent',
      directory: { redisUrl: redis.url, nodeUrl: originBase },
    });
    await origin.listen();
    edges.push(...(await Promise.all([startNode(redis.url), startNode(redis.url)])));
  }, 150_000);

  afterAll(async () => {
    for (const stop of stops.splice(0)) stop();
    await Promise.all(peers.splice(0).map((pc) => pc.close()));
    for (const edge of edges) await edge.stop();
    await origin.close();
    await redis.kill();
  }, 60_000);

  async function whepViewer(base: string, stream: string): Promise<{ packets: () => number }> {
    const viewer = createViewer();
    peers.push(viewer);
    let packets = 0;
    viewer.onTrack.subscribe((track) => track.onReceiveRtp.subscribe(() => packets++));
    const answer = await postOffer(`${base}/whep/${stream}`, await fullOffer(viewer));
    expect(answer.status, answer.body).toBe(201);
    await viewer.setRemoteDescription({ type: 'answer', sdp: answer.body });
    return { packets: () => packets };
  }

  function wsViewer(base: string, stream: string): { fragments: () => number; close(): void } {
    const socket = new WebSocket(`${base.replace('http', 'ws')}/ws/${stream}`);
    let fragments = 0;
    socket.on('message', (_data, binary) => void (binary && fragments++));
    socket.on('error', () => {});
    return { fragments: () => fragments, close: () => socket.close() };
  }

  async function llHlsPart(base: string, stream: string): Promise<void> {
    const multivariant = await fetch(`${base}/hls/${stream}/index.m3u8`);
    expect(multivariant.status).toBe(200);
    const media = /^[^#\s].*$/m.exec(await multivariant.text())?.[0];
    const playlist = await (await fetch(new URL(media!, `${base}/hls/${stream}/`))).text();
    const part = /#EXT-X-PART:[^\n]*URI="([^"]+)"/.exec(playlist)?.[1];
    expect(part).toBeTruthy();
    const bytes = await fetch(new URL(part!, new URL(media!, `${base}/hls/${stream}/`)));
    expect(bytes.status).toBe(200);
    expect((await bytes.arrayBuffer()).byteLength).toBeGreaterThan(0);
  }

  it('a publish on the origin plays on every node; a killed edge’s viewers recover on the other', async () => {
    const publisher = createPublisher();
    peers.push(publisher.pc);
    const answer = await postOffer(`${originBase}/whip/show`, await fullOffer(publisher.pc));
    expect(answer.status).toBe(201);
    await publisher.pc.setRemoteDescription({ type: 'answer', sdp: answer.body });
    stops.push(startMedia(publisher).stop);
    await waitFor(() => origin.registry.get('show')?.state === 'live', 15_000, 'live on the origin');
    // Registered in Redis under the origin's address.
    expect((await origin.directory!.lookup('show'))?.node).toBe(originBase);

    // A second publisher of the same name on an edge is refused, naming the origin.
    const rival = createPublisher();
    peers.push(rival.pc);
    const refused = await postOffer(`${edges[0]!.base}/whip/show`, await fullOffer(rival.pc));
    expect(refused.status).toBe(409);
    expect(refused.body).toContain(originBase);

    // Viewers on every node, every protocol.
    const nodes = [originBase, edges[0]!.base, edges[1]!.base];
    const whep = await Promise.all(nodes.map((base) => whepViewer(base, 'show')));
    const ws = nodes.map((base) => wsViewer(base, 'show'));
    stops.push(() => ws.forEach((socket) => socket.close()));
    await waitFor(() => whep.every((v) => v.packets() > 30), 30_000, 'WHEP media on every node');
    await waitFor(() => ws.every((v) => v.fragments() > 3), 30_000, '/ws fragments on every node');
    for (const base of nodes) await llHlsPart(base, 'show');

    // Edge 2 dies (SIGKILL: no goodbye). Its viewers come back through edge 1.
    const [survivor, killed] = edges as [RelayProcess, RelayProcess];
    await killed.stop('SIGKILL');
    const before = whep[1]!.packets();
    const moved = await whepViewer(survivor.base, 'show');
    const movedWs = wsViewer(survivor.base, 'show');
    stops.push(() => movedWs.close());
    await waitFor(
      () => moved.packets() > 30 && movedWs.fragments() > 3,
      20_000,
      'recovered viewers on the other edge',
    );
    // The surviving edge's own viewers never noticed.
    await waitFor(() => whep[1]!.packets() > before + 30, 10_000, 'edge 1 viewers still receiving');
    // The origin still holds the stream in the directory.
    expect((await origin.directory!.lookup('show'))?.node).toBe(originBase);
  }, 120_000);
});
