import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFanout, type FanoutResult } from '../testing/edge-fanout';
import { listedParts } from '../testing/ll-hls-follower';
import { NginxEdge } from '../testing/nginx-edge';
import { OriginTally } from '../testing/origin-tally';
import { RelayHarness } from '../testing/relay-harness';

const available = NginxEdge.available();
if (!available) console.warn('nginx-edge: /usr/sbin/nginx is missing (apt-get install nginx); skipped');

/** Origin blocking playlist requests per part made during the run. */
function blockingPerPart(result: FanoutResult): number {
  return result.origin['blocking-playlist'] / result.newParts;
}

describe.skipIf(!available)('deploy/nginx/brume-edge.conf in front of the relay', () => {
  let relay: RelayHarness;
  let nginx: NginxEdge | undefined;
  let tally: OriginTally;

  beforeAll(async () => {
    relay = await RelayHarness.start();
    tally = new OriginTally(relay.server.app.server);
    await relay.publish('edge');
    nginx = await NginxEdge.start(relay.base);
  }, 20_000);

  afterAll(async () => {
    await nginx?.stop();
    // nginx is gone with its temporary prefix (config, cache, logs).
    if (nginx) expect(existsSync(nginx.prefix)).toBe(false);
    tally?.dispose();
    await relay?.close();
  });

  it('serves media from the cache, blocking reloads by their full URL, and never keeps an error', async () => {
    const edge = nginx!.base;
    const playlist = await fetch(`${edge}/hls/edge/video.m3u8`);
    expect(playlist.status).toBe(200);
    expect(playlist.headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=1');
    const { parts, hint } = listedParts(await playlist.text());
    const part = `${edge}/hls/edge/${parts.at(-1)!.uri}`;

    const first = await fetch(part);
    await first.arrayBuffer();
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const again = await fetch(part);
    await again.arrayBuffer();
    expect(again.headers.get('x-cache-status')).toBe('HIT');

    const blocking = `${edge}/hls/edge/video.m3u8?_HLS_msn=${hint!.msn}&_HLS_part=${hint!.part}`;
    const held = await fetch(blocking);
    expect(held.headers.get('cache-control')).toBe('public, max-age=6');
    const heldText = await held.text();
    const repeat = await fetch(blocking);
    expect(repeat.headers.get('x-cache-status')).toBe('HIT');
    expect(await repeat.text()).toBe(heldText);

    // LL-DASH: the MPD lives a second; a segment sent while being written (chunked) is cached once
    // complete, so the next viewer gets it from the cache.
    const mpd = await fetch(`${edge}/dash/edge/index.mpd`);
    expect(mpd.headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=1');
    await mpd.text();
    const publish = parts.at(-1)!.uri.split('/')[0]!;
    const growing = `${edge}/dash/edge/${publish}/video-${hint!.msn}.m4s`;
    const streamed = Buffer.from(await (await fetch(growing)).arrayBuffer());
    const cached = await fetch(growing);
    expect(cached.headers.get('x-cache-status')).toBe('HIT');
    expect(Buffer.from(await cached.arrayBuffer()).equals(streamed)).toBe(true);

    for (let i = 0; i < 2; i++) {
      const missing = await fetch(`${edge}/hls/edge/0000000000000000/video-1.0.m4s`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('cache-control')).toBe('no-store');
      expect(missing.headers.get('x-cache-status')).toBe('MISS');
      await missing.arrayBuffer();
    }
  });

  it('keeps origin requests at about one per part while the viewers grow from 5 to 40', async () => {
    const url = `${nginx!.base}/hls/edge/video.m3u8`;
    // About 3 s of parts each (12 at 250 ms), longer if the machine is slow, 8 s at most.
    const few = await runFanout(url, tally, 5, 8, { untilNewParts: 12 });
    const many = await runFanout(url, tally, 40, 8, { untilNewParts: 12 });
    for (const result of [few, many]) {
      // Every viewer followed the live edge: no holes, parts all along (a 250 ms part target).
      for (const client of result.perClient) {
        const what = `${result.clients} viewers, ${result.newParts} new parts: ${JSON.stringify(client)}`;
        expect(client.gaps, what).toEqual([]);
        expect(client.errors, what).toBe(0);
        expect(client.parts, what).toBeGreaterThanOrEqual(result.newParts / 2);
      }
      expect(result.newParts).toBeGreaterThanOrEqual(4);
      expect(result.originRequestsPerPart).toBeLessThanOrEqual(1.5);
      expect(blockingPerPart(result)).toBeLessThanOrEqual(2);
    }
    // Eight times the viewers, several times the requests at the edge (per part made), not at the
    // origin: the bounds above hold for 40 viewers as for 5 (without the cache: 40 and 5 per part).
    expect(many.clientRequests / many.newParts).toBeGreaterThan((4 * few.clientRequests) / few.newParts);
    console.info(
      [few, many]
        .map(
          (r) =>
            `${r.clients} viewers: ${r.clientRequests} edge requests, origin ${r.origin.part} parts + ${r.origin['blocking-playlist']} blocking playlists + ${r.origin.playlist} playlists for ${r.newParts} new parts`,
        )
        .join('\n'),
    );
  }, 30_000);
});
