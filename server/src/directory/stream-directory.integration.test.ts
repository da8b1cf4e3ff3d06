import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../testing/memory-logger';
import { startRedis, type RedisProcess } from '../testing/redis-process';
import { waitFor } from '../testing/werift-client';
import { silentLogger } from '../util/logger';
import { StreamDirectory } from './stream-directory';

/** The directory against a real Redis (Debian's redis-server on a free loopback port). */
describe('StreamDirectory (Redis)', () => {
  let redis: RedisProcess | undefined;
  const directories: StreamDirectory[] = [];

  afterEach(async () => {
    await Promise.all(directories.splice(0).map((directory) => directory.dispose()));
    await redis?.kill();
    redis = undefined;
  });

  function directory(node: string, ttlMs = 600, log = silentLogger): StreamDirectory {
    const made = new StreamDirectory({ url: redis!.url, node, ttlMs, log, prefix: 'test:' });
    directories.push(made);
    return made;
  }

  it('one holder per stream; others find it; a release frees the name', async () => {
    redis = await startRedis();
    const a = directory('http://a:8080');
    const b = directory('http://b:8080');
    await Promise.all([a.ready(), b.ready()]);
    expect(await a.claim('cam')).toBe(true);
    expect(await a.claim('cam')).toBe(true); // already ours
    expect(await b.claim('cam')).toBe(false);
    expect((await b.lookup('cam'))?.node).toBe('http://a:8080');
    expect(await b.lookup('other')).toBeUndefined();
    // b's release of a's stream does nothing; a's own does.
    await b.release('cam');
    expect((await b.lookup('cam'))?.node).toBe('http://a:8080');
    await a.release('cam');
    expect(await a.lookup('cam')).toBeUndefined();
    expect(await b.claim('cam')).toBe(true);
    expect(await a.nodes()).toEqual(['http://a:8080', 'http://b:8080']);
  });

  it('heartbeats keep an entry past its TTL; a node that stops beating loses it', async () => {
    redis = await startRedis();
    const a = directory('http://a:8080', 300);
    const b = directory('http://b:8080', 300);
    await Promise.all([a.ready(), b.ready()]);
    expect(await a.claim('cam')).toBe(true);
    // Three TTLs later it is still a's: the heartbeat pushed it back.
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect((await b.lookup('cam'))?.node).toBe('http://a:8080');
    // A node that died without a word (no release) leaves an entry that nobody refreshes: it
    // expires by itself, and b can take the name.
    const raw = new Redis(redis.url);
    await raw.set(
      'test:stream:dead',
      JSON.stringify({ node: 'http://dead:8080', at: Date.now() }),
      'PX',
      300,
    );
    await raw.quit();
    expect(await b.claim('dead')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await b.claim('dead')).toBe(true);
    expect((await a.lookup('dead'))?.node).toBe('http://b:8080');
  });

  it('Redis going away: lookups answer "nobody", claims throw, and entries come back after a restart', async () => {
    redis = await startRedis();
    const port = redis.port;
    const logs = memoryLogger();
    const a = directory('http://a:8080', 600, logs.log);
    await a.ready();
    expect(await a.claim('cam')).toBe(true);
    await redis.kill();
    await waitFor(() => logs.lines.some((line) => /unavailable/.test(line.msg)), 5000, 'outage logged');
    expect(await a.lookup('cam')).toBeUndefined();
    await expect(a.claim('other')).rejects.toThrow();
    // A new Redis on the same port (empty, as after a crash without persistence).
    redis = await startRedis(port);
    await waitFor(() => logs.lines.some((line) => /connected/.test(line.msg)), 10_000, 'reconnected');
    // The heartbeat on reconnect puts the held stream back.
    await expect.poll(async () => (await a.lookup('cam'))?.node, { timeout: 5000 }).toBe('http://a:8080');
  });
});
