import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StreamInfo } from '@brume/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ffprobe, hasTool } from '../cmaf/testing/media-tools';
import { RelayHarness } from '../testing/relay-harness';

/** The tags of a playlist we assert on: segment URIs, parts, the preload hint, the end. */
function parsePlaylist(text: string) {
  const lines = text.trim().split('\n');
  const value = (tag: string) => lines.find((line) => line.startsWith(tag))?.slice(tag.length);
  const segments = lines.filter((line) => line && !line.startsWith('#'));
  const parts = lines
    .filter((line) => line.startsWith('#EXT-X-PART:'))
    .map((line) => /URI="([^"]+)"/.exec(line)![1]!);
  const hint = /URI="([^"]+)"/.exec(value('#EXT-X-PRELOAD-HINT:') ?? '')?.[1];
  const map = /URI="([^"]+)"/.exec(value('#EXT-X-MAP:') ?? '')![1]!;
  return {
    lines,
    mediaSequence: Number(value('#EXT-X-MEDIA-SEQUENCE:')),
    segments,
    parts,
    hint,
    map,
    ended: lines.includes('#EXT-X-ENDLIST'),
  };
}

/** `video-12.3.m4s` → [12, 3]. */
function partNumbers(uri: string): [number, number] {
  const match = /-(\d+)\.(\d+)\.m4s$/.exec(uri)!;
  return [Number(match[1]), Number(match[2])];
}

/** Polls an async check every 100 ms until it holds. */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function bytesOf(url: string): Promise<Buffer> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe('LL-HLS and LL-DASH over a werift publisher', () => {
  let relay: RelayHarness;
  let base: string;
  let dir: string;

  beforeEach(async () => {
    relay = await RelayHarness.start();
    ({ base } = relay);
    dir = mkdtempSync(path.join(tmpdir(), 'brume-ll-'));
  });

  afterEach(async () => {
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists both sources and answers JSON errors for invalid and offline streams', async () => {
    await relay.publish('ll');
    const info = (await (await fetch(`${base}/api/streams/ll`)).json()) as StreamInfo;
    expect(info.sources.map((s) => s.protocol)).toEqual(['whep', 'ws-mp4', 'll-hls', 'll-dash', 'mp4', 'ts']);
    expect(info.sources.find((s) => s.protocol === 'll-hls')).toEqual({
      protocol: 'll-hls',
      url: `${base}/hls/ll/index.m3u8`,
      mime: 'application/vnd.apple.mpegurl',
      priority: 40,
      lowLatency: true,
      tracks: [0, 1],
    });
    expect(info.sources.find((s) => s.protocol === 'll-dash')?.url).toBe(`${base}/dash/ll/index.mpd`);
    // The DVR window the relay holds, on the stream timeline.
    expect(info.timeline.dvrWindowMs).toBe(60_000);
    expect(info.timeline.firstMs).toBeGreaterThanOrEqual(0);
    expect(info.timeline.lastMs).toBeGreaterThanOrEqual(info.timeline.firstMs);

    const invalid = await fetch(`${base}/hls/bad%20name/index.m3u8`);
    expect(invalid.status).toBe(400);
    const offline = await fetch(`${base}/dash/nobody/index.mpd`);
    expect(offline.status).toBe(404);
    expect(((await offline.json()) as { error: { code: string } }).error.code).toBe('stream/not-found');
  });

  it('serves LL-HLS: renditions, parts, blocking reload, preload hints, and files ffprobe reads', async () => {
    await relay.publish('hls');
    const master = await fetch(`${base}/hls/hls/index.m3u8`);
    expect(master.status).toBe(200);
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(master.headers.get('access-control-allow-origin')).toBe('*');
    const masterText = await master.text();
    expect(masterText).toMatch(/CODECS="avc1\.[0-9a-f]{6},Opus"/);
    expect(masterText).toContain('TYPE=AUDIO');

    const first = await fetch(`${base}/hls/hls/video.m3u8`);
    expect(first.headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=1');
    let playlist = parsePlaylist(await first.text());
    expect(playlist.lines).toContain('#EXT-X-PART-INF:PART-TARGET=0.250');
    expect(playlist.lines.find((l) => l.startsWith('#EXT-X-SERVER-CONTROL:'))).toContain(
      'CAN-BLOCK-RELOAD=YES',
    );
    expect(playlist.lines.some((l) => l.startsWith('#EXT-X-PROGRAM-DATE-TIME:'))).toBe(true);
    expect(playlist.hint).toBeDefined();

    // The preload hint is answered once the part exists (the request is held until then).
    const [hintMsn, hintPart] = partNumbers(playlist.hint!);
    const hinted = await bytesOf(`${base}/hls/hls/${playlist.hint!}`);
    expect(hinted.subarray(4, 8).toString('latin1')).toBe('moof');

    // Blocking reload: asking for the hinted part returns a playlist that lists it.
    const blocked = await fetch(`${base}/hls/hls/video.m3u8?_HLS_msn=${hintMsn}&_HLS_part=${hintPart}`);
    expect(blocked.status).toBe(200);
    const blockedList = parsePlaylist(await blocked.text());
    expect(blockedList.parts).toContain(playlist.hint);

    // The directive rules: too far ahead → 400; a part without a segment → 400.
    expect((await fetch(`${base}/hls/hls/video.m3u8?_HLS_msn=${hintMsn + 10}`)).status).toBe(400);
    expect((await fetch(`${base}/hls/hls/video.m3u8?_HLS_part=1`)).status).toBe(400);

    // Three seconds of media: download init + complete segments of both renditions, ffprobe them.
    await waitFor(
      async () =>
        parsePlaylist(await (await fetch(`${base}/hls/hls/video.m3u8`)).text()).segments.length >= 3,
      8000,
      '3 segments',
    );
    for (const kind of ['video', 'audio'] as const) {
      playlist = parsePlaylist(await (await fetch(`${base}/hls/hls/${kind}.m3u8`)).text());
      const files = [playlist.map, ...playlist.segments];
      const bytes = Buffer.concat(await Promise.all(files.map((file) => bytesOf(`${base}/hls/hls/${file}`))));
      const immutable = await fetch(`${base}/hls/hls/${playlist.segments[0]!}`);
      expect(immutable.headers.get('cache-control')).toContain('immutable');
      if (!hasTool('ffprobe')) continue;
      const file = path.join(dir, `${kind}.mp4`);
      writeFileSync(file, bytes);
      const probe = ffprobe(file);
      expect(probe.streams.map((s) => s.codec_name)).toEqual([kind === 'video' ? 'h264' : 'opus']);
      const dts = probe.packets.map((p) => p.dts);
      expect(dts.length).toBeGreaterThan(kind === 'video' ? 40 : 80);
      for (let i = 1; i < dts.length; i++) expect(dts[i]!).toBeGreaterThan(dts[i - 1]!);
    }

    // A part from a publish that is over, or a file that is not ours: 404 JSON.
    expect((await fetch(`${base}/hls/hls/00000000/video-1.m4s`)).status).toBe(404);
    expect((await fetch(`${base}/hls/hls/${playlist.map.split('/')[0]}/video-999999.m4s`)).status).toBe(404);
  });

  it('serves LL-DASH: a dynamic MPD, chunked segments in progress, UTCTiming; static at the end', async () => {
    const { location } = await relay.publish('dash');
    // Two segments of media, for the complete-segment checks below.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const response = await fetch(`${base}/dash/dash/index.mpd`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/dash+xml');
    const mpd = await response.text();
    expect(mpd).toContain('type="dynamic"');
    expect(mpd).toContain('availabilityTimeComplete="false"');
    expect(mpd).toMatch(/<UTCTiming [^>]*value="http:\/\/127\.0\.0\.1:\d+\/api\/time"/);
    const time = await (await fetch(`${base}/api/time`)).text();
    expect(Math.abs(Date.parse(time) - Date.now())).toBeLessThan(5000);

    const template = /media="([^"]+)"/.exec(mpd)![1]!;
    const init = /initialization="([^"]+)"/.exec(mpd)![1]!;
    const ast = Date.parse(/availabilityStartTime="([^"]+)"/.exec(mpd)![1]!);
    // The segment being written now, by the MPD's own clock: it arrives part by part, and ends.
    const now = Math.floor((Date.now() - ast) / 1000);
    const started = Date.now();
    const current = await bytesOf(`${base}/dash/dash/${template.replace('$Number$', String(now))}`);
    expect(Date.now() - started).toBeGreaterThan(50);
    expect(current.subarray(4, 8).toString('latin1')).toBe('styp');

    if (hasTool('ffprobe')) {
      // Both adaptation sets: init + the two segments before the current one.
      for (const kind of ['video', 'audio'] as const) {
        const media = template.replace('video-', `${kind}-`);
        const segments = [now - 2, now - 1].map(
          (n) => `${base}/dash/dash/${media.replace('$Number$', String(n))}`,
        );
        const bytes = Buffer.concat([
          await bytesOf(`${base}/dash/dash/${init.replace('video-', `${kind}-`)}`),
          ...(await Promise.all(segments.map(bytesOf))),
        ]);
        const file = path.join(dir, `dash-${kind}.mp4`);
        writeFileSync(file, bytes);
        const probe = ffprobe(file);
        expect(probe.streams.map((s) => s.codec_name)).toEqual([kind === 'video' ? 'h264' : 'opus']);
        const dts = probe.packets.map((p) => p.dts);
        expect(dts.length).toBeGreaterThan(kind === 'video' ? 20 : 40);
        for (let i = 1; i < dts.length; i++) expect(dts[i]!).toBeGreaterThan(dts[i - 1]!);
      }
    }

    // Far-future and long-gone segments: 404.
    expect((await fetch(`${base}/dash/dash/${template.replace('$Number$', String(now + 50))}`)).status).toBe(
      404,
    );

    // The publish ends: the MPD turns static and the HLS playlist gets its ENDLIST.
    await fetch(`${base}${location}`, { method: 'DELETE' });
    await waitFor(
      async () => (await (await fetch(`${base}/dash/dash/index.mpd`)).text()).includes('type="static"'),
      5000,
      'static MPD',
    );
    expect(parsePlaylist(await (await fetch(`${base}/hls/dash/video.m3u8`)).text()).ended).toBe(true);
  });
});
