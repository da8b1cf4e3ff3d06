import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signViewerToken } from '../access/viewer-token';
import { hasTool } from '../cmaf/testing/media-tools';
import { RelayHarness } from '../testing/relay-harness';
import { waitFor } from '../testing/werift-client';

interface Listed {
  file: string;
  url: string;
  hls: string;
  active: boolean;
  durationMs: number | null;
}

async function listRecordings(base: string): Promise<Listed[]> {
  return ((await (await fetch(`${base}/api/recordings`)).json()) as { recordings: Listed[] }).recordings;
}

/** `#EXT-X-BYTERANGE:<length>@<offset>` and `BYTERANGE="<length>@<offset>"` as [offset, end] pairs. */
function byteRanges(playlist: string): { init: [number, number]; segments: [number, number][] } {
  const pair = (text: string): [number, number] => {
    const [length, offset] = text.split('@').map(Number) as [number, number];
    return [offset, offset + length];
  };
  const init = /#EXT-X-MAP:URI="[^"]+",BYTERANGE="([^"]+)"/.exec(playlist)![1]!;
  const segments = [...playlist.matchAll(/#EXT-X-BYTERANGE:(\S+)/g)].map((match) => pair(match[1]!));
  return { init: pair(init), segments };
}

async function fetchRange(url: string, [from, to]: [number, number]): Promise<Uint8Array> {
  const response = await fetch(url, { headers: { Range: `bytes=${from}-${to - 1}` } });
  expect(response.status).toBe(206);
  return new Uint8Array(await response.arrayBuffer());
}

describe('recordings as HLS VoD', () => {
  let relay: RelayHarness | undefined;
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'brume-vod-'));
  });

  afterEach(async () => {
    await relay?.close();
    relay = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a recording being written as a growing EVENT playlist, then as VOD whose byte ranges decode', async () => {
    relay = await RelayHarness.start({ recording: { dir, streams: ['vod'], segmentMs: 60_000 } });
    const { base, server } = relay;
    await relay.publish('vod');
    await waitFor(() => server.recordings.isRecording('vod'), 2000, 'recording');
    let listed: Listed[] = [];
    for (let i = 0; i < 40 && !((listed[0]?.durationMs ?? 0) >= 2500); i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      listed = await listRecordings(base);
    }
    const [file] = listed;
    expect(file?.hls).toBe(`${file?.url}.m3u8`);

    const growing = await fetch(file!.hls.replace(/\.m3u8$/, '.media.m3u8'));
    expect(growing.status).toBe(200);
    expect(growing.headers.get('cache-control')).toBe('no-cache');
    const growingText = await growing.text();
    expect(growingText).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(growingText).not.toContain('#EXT-X-ENDLIST');

    await new Promise((resolve) => setTimeout(resolve, 1500));
    await server.recordings.finish();

    const multivariant = await fetch(file!.hls);
    expect(multivariant.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const variantText = await multivariant.text();
    expect(variantText).toMatch(/CODECS="avc1\.[0-9a-f]{6},opus",RESOLUTION=320x180/);
    const mediaUri = variantText.trim().split('\n').at(-1)!;
    const mediaUrl = new URL(mediaUri, file!.hls).href;
    const media = await fetch(mediaUrl);
    expect(media.headers.get('cache-control')).toBe('public, max-age=3600');
    const text = await media.text();
    expect(text).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(text.trim().endsWith('#EXT-X-ENDLIST')).toBe(true);
    // More segments than the growing playlist had: the index followed the file.
    const { init, segments } = byteRanges(text);
    expect(segments.length).toBeGreaterThan(byteRanges(growingText).segments.length);
    const durations = [...text.matchAll(/#EXTINF:([\d.]+),/g)].map((match) => Number(match[1]));
    const total = durations.reduce((sum, d) => sum + d, 0);
    expect(total).toBeGreaterThan(3);
    expect(Math.max(...durations)).toBeLessThanOrEqual(
      Number(/#EXT-X-TARGETDURATION:(\d+)/.exec(text)![1]) + 0.5,
    );

    // What a player fetches: the init range, then each segment's range of the same file.
    const mp4Url = new URL(/#EXT-X-MAP:URI="([^"]+)"/.exec(text)![1]!, mediaUrl).href;
    expect(mp4Url).toBe(file!.url);
    const parts = [await fetchRange(mp4Url, init)];
    for (const range of segments) parts.push(await fetchRange(mp4Url, range));
    expect(segments[0]![0]).toBe(init[1]);

    // Missing or foreign names are 404s, never another file.
    expect((await fetch(`${base}/recordings/vod/vod-20200101T000000.000Z.mp4.m3u8`)).status).toBe(404);
    expect((await fetch(`${base}/recordings/vod/other-20200101T000000.000Z.mp4.m3u8`)).status).toBe(404);

    // A stream that asks for viewer tokens: its recordings too, and the playlists carry the token on.
    const secret = 'vod-viewer-token-secret-0123456789';
    server.configStore.update((draft) => {
      draft.auth = { viewerTokenSecret: secret };
      draft.streams = { vod: { auth: { viewerToken: true } } };
    });
    expect((await fetch(file!.hls)).status).toBe(401);
    const token = signViewerToken(secret, { stream: 'vod', expiresAtMs: Date.now() + 60_000 });
    const tokenVariant = await (await fetch(`${file!.hls}?token=${token}`)).text();
    const tokenMediaUri = tokenVariant.trim().split('\n').at(-1)!;
    expect(tokenMediaUri).toBe(`${mediaUri}?token=${token}`);
    const tokenMedia = await (await fetch(new URL(tokenMediaUri, file!.hls))).text();
    const tokenMp4 = /#EXT-X-MAP:URI="([^"]+)"/.exec(tokenMedia)![1]!;
    expect(tokenMp4.endsWith(`.mp4?token=${token}`)).toBe(true);
    expect((await fetchRange(new URL(tokenMp4, mediaUrl).href, init)).length).toBe(init[1]);
    expect((await fetch(mp4Url, { headers: { Range: 'bytes=0-7' } })).status).toBe(401);

    if (!hasTool('ffprobe')) return;
    const joined = path.join(dir, 'joined.mp4');
    writeFileSync(joined, Buffer.concat(parts));
    const probe = spawnSync(
      'ffprobe',
      ['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=flags', '-of', 'csv=p=0', joined],
      { encoding: 'utf8' },
    );
    expect(probe.stderr.trim()).toBe('');
    const flags = probe.stdout.trim().split('\n');
    expect(flags[0]).toContain('K');
    expect(flags.length).toBeGreaterThan(30);
    const decoded = spawnSync(
      'ffmpeg',
      ['-v', 'error', '-i', joined, '-enc_time_base', '-1', '-f', 'null', '-'],
      {
        encoding: 'utf8',
      },
    );
    expect(decoded.stderr.trim()).toBe('');
    expect(decoded.status).toBe(0);
  }, 30_000);
});
