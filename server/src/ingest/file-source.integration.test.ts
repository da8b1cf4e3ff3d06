import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type BrumeServer } from '../index';
import { LOOPBACK, waitFor } from '../testing/werift-client';
import { readFor } from '../testing/read-for';

/** Codec names and video packet count of a file, as ffprobe reads them. */
function probe(file: string): { codecs: string[]; videoPackets: number } {
  const run = spawnSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'stream=codec_name,codec_type:packet=stream_index', '-of', 'json', file],
    { encoding: 'utf8' },
  );
  const json = JSON.parse(run.stdout) as {
    streams?: { codec_name: string; codec_type: string }[];
    packets?: { stream_index: number }[];
  };
  const video = (json.streams ?? []).findIndex((stream) => stream.codec_type === 'video');
  return {
    codecs: (json.streams ?? []).map((stream) => stream.codec_name).sort(),
    videoPackets: (json.packets ?? []).filter((packet) => packet.stream_index === video).length,
  };
}

/** The bytes a streaming output sends in `ms` (it must answer 200). */
async function readBody(url: string, ms: number): Promise<Buffer> {
  const { response, bytes } = await readFor(url, ms);
  expect(response.status).toBe(200);
  return bytes;
}

describe('file source (source: {path})', () => {
  let dir: string;
  let server: BrumeServer | undefined;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'brume-file-source-'));
    // 4 s of H.264 (a keyframe every 0.5 s) + AAC: what a media library holds, not what WebRTC carries.
    const made = spawnSync(
      'ffmpeg',
      [
        '-v',
        'error',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=320x180:rate=30:duration=4',
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=440:duration=4',
        '-c:v',
        'libx264',
        '-profile:v',
        'baseline',
        '-g',
        '15',
        '-c:a',
        'aac',
        '-movflags',
        '+faststart',
        path.join(dir, 'trailer.mp4'),
      ],
      { encoding: 'utf8' },
    );
    if (made.status !== 0) throw new Error(made.stderr);
    return () => rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('plays a media file out as a stream on the outputs (a path relative to the config file), then ends', async () => {
    const configFile = path.join(dir, 'brume.yaml');
    writeFileSync(configFile, 'streams:\n  trailer:\n    source: { path: trailer.mp4 }\n');
    server = await createServer({
      port: 0,
      host: '127.0.0.1',
      ice: LOOPBACK,
      logLevel: 'silent',
      configFile,
    });
    const base = await server.listen();
    expect(server.settingsFor('trailer')?.source).toEqual({
      kind: 'file',
      path: path.join(dir, 'trailer.mp4'),
    });
    // Nothing runs until someone asks; WHIP to it is refused (its media comes from the file).
    expect(server.pulls.processIds).toEqual([]);
    const whip = await fetch(`${base}/whip/trailer`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp' },
      body: 'v=0\r\n',
    });
    expect(whip.status).toBe(409);

    // The progressive output starts the pull and waits for it: H.264 copied, AAC made Opus.
    const bytes = await readBody(`${base}/trailer.mp4`, 2500);
    const file = path.join(dir, 'out.mp4');
    writeFileSync(file, bytes);
    const read = probe(file);
    expect(read.codecs).toEqual(['h264', 'opus']);
    expect(read.videoPackets).toBeGreaterThan(15);
    const media = server.relay.media('trailer');
    expect(media?.videoConfig?.codec).toMatch(/^avc1\.42/);

    // Played out in real time, the stream ends as a VoD playlist does, and ffmpeg is gone.
    await waitFor(
      () => server!.registry.get('trailer')?.endReason === 'source-ended',
      10_000,
      'source-ended',
    );
    await waitFor(() => server!.pulls.processIds.length === 0, 3000, 'ffmpeg gone');
  }, 30_000);

  it('shows a missing file as the stream’s error, without a crash', async () => {
    const configFile = path.join(dir, 'missing.yaml');
    writeFileSync(configFile, 'streams:\n  gone:\n    source: { path: /nonexistent/gone.mp4 }\n');
    server = await createServer({
      port: 0,
      host: '127.0.0.1',
      ice: LOOPBACK,
      logLevel: 'silent',
      configFile,
      pull: { retryMinMs: 200, retryMaxMs: 400 },
    });
    const base = await server.listen();
    await fetch(`${base}/api/streams/gone`);
    await waitFor(() => server!.registry.get('gone')?.info(base).error !== undefined, 5000, 'stream error');
    const info = (await (await fetch(`${base}/api/streams/gone`)).json()) as {
      error?: { code: string; message: string };
    };
    expect(info.error?.code).toMatch(/^ingest\//);
    expect(info.error?.message).toContain('gone.mp4');
  }, 20_000);
});
