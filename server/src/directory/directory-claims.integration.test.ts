import { afterEach, describe, expect, it } from 'vitest';
import type { RTCPeerConnection } from 'werift';
import { createServer, type BrumeServer } from '../index';
import { startRedis, type RedisProcess } from '../testing/redis-process';
import { startMedia } from '../testing/test-media';
import { LOOPBACK, createPublisher, fullOffer, postOffer, waitFor } from '../testing/werift-client';

/** Two relays sharing one Redis directory: a stream is published on one node at a time. */
describe('directory claims (two nodes, one Redis)', () => {
  let redis: RedisProcess;
  const servers: BrumeServer[] = [];
  const peers: RTCPeerConnection[] = [];
  const stops: (() => void)[] = [];

  afterEach(async () => {
    for (const stop of stops.splice(0)) stop();
    await Promise.all(peers.splice(0).map((pc) => pc.close()));
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await redis.kill();
  });

  async function node(name: string): Promise<{ server: BrumeServer; base: string }> {
    const server = await createServer({
      port: 0,
      host: '127.0.0.1',
      ice: LOOPBACK,
      logLevel: 'silent',
      directory: { redisUrl: redis.url, nodeUrl: `http://${name}.test:8080`, ttlMs: 1500 },
    });
    servers.push(server);
    const base = await server.listen();
    await server.directory!.ready();
    return { server, base };
  }

  async function publish(base: string, stream: string) {
    const publisher = createPublisher();
    peers.push(publisher.pc);
    const answer = await postOffer(`${base}/whip/${stream}`, await fullOffer(publisher.pc));
    return { publisher, answer };
  }

  it('registers a publish; the same name elsewhere is refused naming the holder; freed when it ends', async () => {
    redis = await startRedis();
    const a = await node('a');
    const b = await node('b');

    const first = await publish(a.base, 'cam');
    expect(first.answer.status).toBe(201);
    await first.publisher.pc.setRemoteDescription({ type: 'answer', sdp: first.answer.body });
    stops.push(startMedia(first.publisher).stop);
    expect((await b.server.directory!.lookup('cam'))?.node).toBe('http://a.test:8080');

    const second = await publish(b.base, 'cam');
    expect(second.answer.status).toBe(409);
    expect(JSON.parse(second.answer.body)).toEqual({
      error: { code: 'whip/stream-busy', message: expect.stringContaining('http://a.test:8080') },
    });
    // b's refused attempt did not disturb a's entry.
    expect((await a.server.directory!.lookup('cam'))?.node).toBe('http://a.test:8080');

    // A bad offer on a free name gives its claim straight back.
    const bad = await postOffer(`${b.base}/whip/other`, 'v=0 nonsense');
    expect(bad.status).toBe(400);
    expect(await a.server.directory!.lookup('other')).toBeUndefined();

    // The publish ends (DELETE): the name is free, and b may take it.
    await fetch(new URL(first.answer.location!, a.base), { method: 'DELETE' });
    await expect.poll(async () => await b.server.directory!.lookup('cam'), { timeout: 5000 }).toBeUndefined();
    const third = await publish(b.base, 'cam');
    expect(third.answer.status).toBe(201);
    expect((await a.server.directory!.lookup('cam'))?.node).toBe('http://b.test:8080');
  }, 30_000);

  it('Redis down: a node publishes on its own (no claim), and claims once Redis is back', async () => {
    redis = await startRedis();
    const port = redis.port;
    const a = await node('a');
    await redis.kill();
    const first = await publish(a.base, 'solo');
    expect(first.answer.status).toBe(201);
    await first.publisher.pc.setRemoteDescription({ type: 'answer', sdp: first.answer.body });
    stops.push(startMedia(first.publisher).stop);
    await waitFor(() => a.server.registry.get('solo')?.state === 'live', 10_000, 'solo live');
    redis = await startRedis(port);
    // Not claimed during the outage: nothing to put back, and nothing is wrong either.
    await a.server.directory!.ready();
    expect(await a.server.directory!.lookup('solo')).toBeUndefined();
  }, 30_000);
});
