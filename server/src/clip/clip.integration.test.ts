import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTool } from '../cmaf/testing/media-tools';
import { RelayHarness } from '../testing/relay-harness';
import { waitFor } from '../testing/werift-client';

interface Probe {
  streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
  packets: { stream_index: number; pts_time: string; flags: string }[];
}

function probe(file: string): Probe {
  const run = spawnSync('ffprobe', ['-v', 'error', '-show_streams', '-show_packets', '-of', 'json', file], {
    encoding: 'utf8',
  });
  if (run.status !== 0 || run.stderr.trim() !== '') throw new Error(`ffprobe failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Probe;
}

async function errorCode(response: Response): Promise<string> {
  expect(response.headers.get('content-type')).toContain('application/json');
  return ((await response.json()) as { error: { code: string } }).error.code;
}

/** Stream ms of the newest picture the relay holds for `name` (the live edge of a clip). */
function newestPictureMs(relay: RelayHarness, name: string): number {
  const media = relay.server.relay.media(name)!;
  const reader = media.addReader({ onData: () => {}, onEnd: () => {} }, { atMs: media.window!.firstMs });
  const units = reader.take();
  reader.close();
  return Math.max(...units.filter((unit) => unit.kind === 'video').map((unit) => unit.streamMs));
}

/** The keyframe interval of the test media: a clip may start this much before `start`. */
const GOP_MS = 1000;

describe('GET /clip/:name.{mp4,ts,mkv} over a werift publisher', () => {
  let relay: RelayHarness;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    relay = await RelayHarness.start({ maxClipMs: 30_000 });
    base = relay.base;
    dir = mkdtempSync(path.join(tmpdir(), 'brume-clip-'));
    await relay.publish('clips');
    // Enough DVR for a clip of the last 4 s.
    await waitFor(
      () => {
        const window = relay.server.relay.media('clips')?.window;
        return window !== undefined && window.lastMs - window.firstMs > 5500;
      },
      10_000,
      'six seconds held',
    );
  }, 20_000);

  afterAll(async () => {
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers bad requests with their codes', async () => {
    expect(await errorCode(await fetch(`${base}/clip/bad%20name.mp4?start=-4s`))).toBe('stream/invalid-name');
    const offline = await fetch(`${base}/clip/nobody.mp4?start=-4s`);
    expect(offline.status).toBe(404);
    expect(await errorCode(offline)).toBe('stream/not-found');
    expect((await fetch(`${base}/clip/clips.avi?start=-4s`)).status).toBe(404);
    const unparsable = await fetch(`${base}/clip/clips.mp4?start=yesterday`);
    expect(unparsable.status).toBe(400);
    expect(await errorCode(unparsable)).toBe('clip/invalid-range');
    const reversed = await fetch(`${base}/clip/clips.mp4?start=-2s&end=-4s`);
    expect(reversed.status).toBe(400);
    expect(await errorCode(reversed)).toBe('clip/invalid-range');
    const missing = await fetch(`${base}/clip/clips.mp4`);
    expect(missing.status).toBe(400);
    const tooLong = await fetch(`${base}/clip/clips.mp4?start=-31s`);
    expect(tooLong.status).toBe(413);
    expect(await errorCode(tooLong)).toBe('clip/too-long');
    const before = await fetch(`${base}/clip/clips.mp4?start=-25s`);
    expect(before.status).toBe(422);
    expect(await errorCode(before)).toBe('clip/out-of-window');
    const future = await fetch(`${base}/clip/clips.mp4?start=-1s&end=unix:${Date.now() + 10_000}`);
    expect(future.status).toBe(422);
  });

  for (const [format, type, audio] of [
    ['mp4', 'video/mp4', true],
    ['mkv', 'video/x-matroska', true],
    ['ts', 'video/mp2t', false],
  ] as const) {
    it(`cuts the last 4 s into a ${format} that starts on a keyframe (${audio ? 'H.264 + Opus' : 'H.264 only'})`, async () => {
      const lastBefore = newestPictureMs(relay, 'clips');
      const response = await fetch(`${base}/clip/clips.${format}?start=-4s&end=now`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      const disposition = response.headers.get('content-disposition') ?? '';
      const named = /^attachment; filename="clips-(\d+)-(\d+)\.(\w+)"$/.exec(disposition);
      expect(named, disposition).not.toBeNull();
      const [startMs, endMs] = [Number(named![1]), Number(named![2])];
      expect(named![3]).toBe(format);
      // From the keyframe at or before "4 s before the live edge" to the live edge of the request
      // (the newest picture held then; the name has it rounded).
      expect(endMs).toBeGreaterThanOrEqual(Math.floor(lastBefore));
      expect(endMs).toBeLessThanOrEqual(Math.ceil(newestPictureMs(relay, 'clips')));
      expect(endMs - startMs).toBeGreaterThanOrEqual(4000);
      expect(endMs - startMs).toBeLessThanOrEqual(4000 + GOP_MS);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect(Number(response.headers.get('content-length'))).toBe(bytes.length);

      if (!hasTool('ffprobe')) return;
      const file = path.join(dir, `clip.${format}`);
      writeFileSync(file, bytes);
      const probed = probe(file);
      const kinds = probed.streams.map((stream) => stream.codec_type).sort();
      expect(kinds).toEqual(audio ? ['audio', 'video'] : ['video']);
      const videoIndex = probed.streams.findIndex((stream) => stream.codec_type === 'video');
      expect(probed.streams[videoIndex]).toMatchObject({ codec_name: 'h264', width: 320, height: 180 });
      if (audio)
        expect(probed.streams.find((stream) => stream.codec_type === 'audio')?.codec_name).toBe('opus');
      const video = probed.packets.filter((packet) => packet.stream_index === videoIndex);
      const first = [...video].sort((a, b) => Number(a.pts_time) - Number(b.pts_time))[0]!;
      expect(first.flags).toContain('K');
      // Duration ≈ requested: within one GOP of 4 s (the cut starts up to a GOP early), measured on
      // the pictures' timestamps (ffprobe may estimate an MPEG-TS's format duration from its bitrate).
      const times = video.map((packet) => Number(packet.pts_time));
      const span = Math.max(...times) - Math.min(...times);
      expect(span).toBeGreaterThan(4 - 0.2);
      expect(span).toBeLessThan(4 + GOP_MS / 1000 + 0.2);
      // Every picture and audio packet decodes. In the file's own time base (`-enc_time_base -1`):
      // the null muxer's default, 1/frame rate, folds two pictures of a live (variable-rate) stream
      // less than a frame apart onto one tick and complains about its own input, not about the file.
      const decoded = spawnSync(
        'ffmpeg',
        ['-v', 'error', '-i', file, '-enc_time_base', '-1', '-f', 'null', '-'],
        {
          encoding: 'utf8',
        },
      );
      expect(decoded.stderr.trim()).toBe('');
      expect(decoded.status).toBe(0);
      if (format === 'mp4') {
        // Faststart: moov before mdat.
        const text = Buffer.from(bytes).toString('latin1');
        expect(text.indexOf('moov')).toBeLessThan(text.indexOf('mdat'));
      }
    });
  }

  it('cuts an absolute range given in stream ms and in unix time to the same keyframe', async () => {
    const media = relay.server.relay.media('clips')!;
    const lastMs = Math.round(media.window!.lastMs);
    const startMs = lastMs - 3000;
    const byStream = await fetch(`${base}/clip/clips.mp4?start=${startMs}&end=${lastMs - 1000}`);
    const iso = new Date(media.startUnixMs + startMs).toISOString();
    const byUnix = await fetch(
      `${base}/clip/clips.mp4?start=${encodeURIComponent(iso)}&end=unix:${media.startUnixMs + lastMs - 1000}`,
    );
    expect(byStream.status).toBe(200);
    expect(byUnix.status).toBe(200);
    const name = (response: Response) => response.headers.get('content-disposition');
    // ISO 8601 keeps whole ms; the same keyframe is found either way.
    expect(name(byUnix)?.split('-')[1]).toBe(name(byStream)?.split('-')[1]);
  });
});
