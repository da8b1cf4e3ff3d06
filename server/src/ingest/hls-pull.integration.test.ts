import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseWsMediaServerMessage, type StreamInfo } from '@brume/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { RTCPeerConnection } from 'werift';
import { createServer, type BrumeServer, type ServerOptions } from '../index';
import { createViewer, fullOffer, LOOPBACK, postOffer, waitFor } from '../testing/werift-client';
import { makeVod, serveDirectory, startLiveSource, type StaticServer } from './testing/hls-fixtures';
import { readFor } from '../testing/read-for';

/** Frames ffprobe decodes in a file's first video stream, and whether pictures come out of order. */
function videoFrames(file: string): { frames: number; reordered: boolean; codec: string } {
  const run = spawnSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=codec_name:packet=pts',
      '-of',
      'json',
      file,
    ],
    { encoding: 'utf8' },
  );
  const json = JSON.parse(run.stdout) as { streams?: { codec_name: string }[]; packets?: { pts: number }[] };
  const pts = (json.packets ?? []).map((p) => p.pts);
  return {
    frames: pts.length,
    reordered: pts.some((value, i) => i > 0 && value < (pts[i - 1] ?? value)),
    codec: json.streams?.[0]?.codec_name ?? 'none',
  };
}

/** Codec names of a file's streams. */
function codecsOf(file: string): string[] {
  const run = spawnSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'json', file],
    {
      encoding: 'utf8',
    },
  );
  return ((JSON.parse(run.stdout) as { streams?: { codec_name: string }[] }).streams ?? []).map(
    (s) => s.codec_name,
  );
}

/** Start time (s) of a file's video and audio streams. */
function streamStarts(file: string): { video?: number; audio?: number } {
  const run = spawnSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'stream=codec_type,start_time', '-of', 'json', file],
    {
      encoding: 'utf8',
    },
  );
  const streams = (JSON.parse(run.stdout) as { streams?: { codec_type: string; start_time: string }[] })
    .streams;
  return Object.fromEntries((streams ?? []).map((s) => [s.codec_type, Number(s.start_time)]));
}

/** Open UDP sockets of this process. */
const udpSockets = () => process.getActiveResourcesInfo().filter((name) => name === 'UDPWrap').length;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The first part and the init segment of a media playlist, as URLs. */
function firstPart(playlist: string, base: string): { init: string; part: string } {
  const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist)?.[1];
  const part = /#EXT-X-PART:[^\n]*URI="([^"]+)"/.exec(playlist)?.[1];
  if (!init || !part) throw new Error(`no part in\n${playlist}`);
  return { init: new URL(init, base).href, part: new URL(part, base).href };
}

async function bytesOf(url: string): Promise<Buffer> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

const info = async (base: string, name: string) =>
  (await (await fetch(`${base}/api/streams/${name}`)).json()) as StreamInfo;

/** The bytes a streaming output sends in `ms` (it must answer 200). */
async function readBody(url: string, ms: number): Promise<Buffer> {
  const { response, bytes } = await readFor(url, ms);
  expect(response.status).toBe(200);
  return bytes;
}

describe('HLS pull (ffmpeg → RTP → the relay)', () => {
  let dir: string;
  let origin: StaticServer;
  let server: BrumeServer | undefined;
  const peers: RTCPeerConnection[] = [];
  const logs: {
    level: number;
    msg: string;
    code?: string;
    stream?: string;
    video?: { index: number };
    audio?: { index: number };
  }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'brume-pull-'));
    for (const name of ['ts', 'fmp4', 'bframes']) mkdirSync(path.join(dir, name));
    await Promise.all([
      makeVod(path.join(dir, 'ts'), { seconds: 8, segmentType: 'mpegts' }),
      makeVod(path.join(dir, 'fmp4'), { seconds: 4, segmentType: 'fmp4' }),
      makeVod(path.join(dir, 'bframes'), { seconds: 4, segmentType: 'mpegts', bFrames: true }),
    ]);
    // A multivariant playlist over two of them: the pull takes the higher variant.
    writeFileSync(
      path.join(dir, 'master.m3u8'),
      '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=400000\nts/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=1200000\nfmp4/index.m3u8\n',
    );
    origin = await serveDirectory(dir);
  }, 30_000);

  afterAll(async () => {
    await origin?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async (context) => {
    // The relay's log of a failed test (or of every test with PULL_LOGS=1), one line per event.
    if (context.task.result?.state === 'fail' || process.env.PULL_LOGS) {
      console.log(logs.map((line) => `${line.stream ?? ''} ${line.code ?? ''} ${line.msg}`).join('\n'));
    }
    await Promise.all(peers.splice(0).map((pc) => pc.close()));
    await server?.close();
    server = undefined;
    logs.length = 0;
  });

  async function start(streams: Record<string, string>, options: ServerOptions = {}): Promise<string> {
    server = await createServer({
      port: 0,
      host: '127.0.0.1',
      ice: LOOPBACK,
      logLevel: 'info',
      logStream: { write: (line: string) => void logs.push(JSON.parse(line) as (typeof logs)[number]) },
      ...options,
    });
    await server.configStore.update((document) => {
      document.streams = Object.fromEntries(
        Object.entries(streams).map(([name, url]) => [name, { source: { url } }]),
      );
    });
    return server.listen();
  }

  it('serves a VoD with MPEG-TS segments on every output, with DVR, and ends it with source-ended', async () => {
    const base = await start({ vod: `${origin.base}/ts/index.m3u8` });
    const running = server!;
    // Listed before anyone asks; nothing runs yet.
    const list = (await (await fetch(`${base}/api/streams`)).json()) as {
      streams: { name: string; state: string }[];
    };
    expect(list.streams).toEqual([expect.objectContaining({ name: 'vod', state: 'offline' })]);
    expect(running.pulls.processIds).toEqual([]);
    // A pulled stream takes no WHIP publisher.
    const whip = await fetch(`${base}/whip/vod`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp' },
      body: 'v=0',
    });
    expect(whip.status).toBe(409);

    // The first HLS request starts the pull and is answered once media is there.
    const multivariant = await fetch(`${base}/hls/vod/index.m3u8`);
    expect(multivariant.status).toBe(200);
    expect(await multivariant.text()).toContain('CODECS="avc1.42c00d,Opus"');
    const [pid] = running.pulls.processIds;
    expect(pid).toBeDefined();
    const live = await info(base, 'vod');
    expect(live.state).toBe('live');
    expect(live.tracks.map((t) => `${t.kind}:${t.codec}`)).toEqual(['video:avc1.42c00d', 'audio:opus']);
    expect(live.sources.map((s) => s.protocol)).toEqual(['whep', 'ws-mp4', 'll-hls', 'll-dash', 'mp4', 'ts']);

    // WHEP: a werift viewer receives the video RTP.
    const viewer = createViewer();
    peers.push(viewer);
    const received = { video: 0, audio: 0 };
    viewer.onTrack.subscribe((track) =>
      track.onReceiveRtp.subscribe(() => received[track.kind === 'video' ? 'video' : 'audio']++),
    );
    const whep = await postOffer(`${base}/whep/vod`, await fullOffer(viewer));
    expect(whep.status).toBe(201);
    await viewer.setRemoteDescription({ type: 'answer', sdp: whep.body });

    // /ws/:name: init, then fragments.
    const ws = new WebSocket(`${base.replace('http', 'ws')}/ws/vod`);
    const wsBinaries: Buffer[] = [];
    let wsCodecs = '';
    ws.on('message', (data: Buffer, binary) => {
      if (binary) wsBinaries.push(data);
      else {
        const message = parseWsMediaServerMessage(data.toString('utf8'));
        if (message?.type === 'init') wsCodecs = message.codecs;
      }
    });

    // Progressive MP4 and the LL-HLS parts decode.
    const mp4 = await readBody(`${base}/vod.mp4`, 1500);
    const video = await (await fetch(`${base}/hls/vod/video.m3u8`)).text();
    const { init, part } = firstPart(video, `${base}/hls/vod/video.m3u8`);
    const files = path.join(dir, 'out');
    mkdirSync(files, { recursive: true });
    writeFileSync(path.join(files, 'vod.mp4'), mp4);
    writeFileSync(path.join(files, 'part.mp4'), Buffer.concat([await bytesOf(init), await bytesOf(part)]));
    expect(videoFrames(path.join(files, 'vod.mp4')).frames).toBeGreaterThan(10);
    expect(codecsOf(path.join(files, 'vod.mp4'))).toEqual(['h264', 'opus']);
    expect(videoFrames(path.join(files, 'part.mp4'))).toMatchObject({ codec: 'h264', reordered: false });
    expect(videoFrames(path.join(files, 'part.mp4')).frames).toBeGreaterThan(0);

    await waitFor(() => received.video > 20 && wsBinaries.length > 5, 5000, 'WHEP video and /ws fragments');
    ws.close();
    expect(wsCodecs).toMatch(/^video\/mp4; codecs="avc1\.[0-9a-f]{6}, opus"$/);
    writeFileSync(path.join(files, 'ws.mp4'), Buffer.concat(wsBinaries));
    expect(videoFrames(path.join(files, 'ws.mp4')).frames).toBeGreaterThan(5);

    // The DVR window holds the past: a clip of the first two seconds, cut while the stream plays on.
    await waitFor(() => (running.relay.media('vod')?.window?.lastMs ?? 0) > 4000, 6000, '4 s of media');
    const timeline = (await info(base, 'vod')).timeline;
    expect(timeline.firstMs).toBeLessThan(500);
    expect(timeline.lastMs).toBeGreaterThan(3000);
    const from = Math.ceil(timeline.firstMs);
    const clip = await fetch(`${base}/clip/vod.mp4?start=${from}&end=${from + 2000}`);
    expect(clip.status).toBe(200);
    writeFileSync(path.join(files, 'clip.mp4'), Buffer.from(await clip.arrayBuffer()));
    expect(videoFrames(path.join(files, 'clip.mp4')).frames).toBeGreaterThanOrEqual(40);
    // Audio and video are aligned by presentation time: the source's audio starts with its video,
    // though MPEG-TS interleaves it ~0.2 s later (arrival timing would have started it that late).
    const starts = streamStarts(path.join(files, 'clip.mp4'));
    expect(starts.video).toBe(0);
    expect(starts.audio).toBeLessThan(0.06);

    // Played out: the stream ends with source-ended and ffmpeg is gone.
    await waitFor(() => running.registry.get('vod')?.endReason === 'source-ended', 10_000, 'source-ended');
    expect(running.registry.get('vod')?.state).toBe('ended');
    await waitFor(() => running.pulls.processIds.length === 0, 2000, 'no ffmpeg');
    expect(alive(pid!)).toBe(false);
    // Resting: asking again right away does not restart it.
    expect((await info(base, 'vod')).state).toBe('ended');
    expect(running.pulls.get('vod')?.running).toBe(false);
  }, 40_000);

  it('copies H.264 from fMP4 segments, re-encodes a source with B-frames, takes the best variant', async () => {
    const base = await start({
      fmp4: `${origin.base}/fmp4/index.m3u8`,
      bframes: `${origin.base}/bframes/index.m3u8`,
      multi: `${origin.base}/master.m3u8`,
    });
    const source = videoFrames(path.join(dir, 'bframes', 'index0.ts'));
    expect(source.reordered).toBe(true);
    const statuses = await Promise.all(
      ['fmp4', 'bframes', 'multi'].map(
        async (name) => (await fetch(`${base}/hls/${name}/index.m3u8`)).status,
      ),
    );
    expect(statuses).toEqual([200, 200, 200]);
    const pulling = logs.filter((line) => line.msg.startsWith('pulling '));
    expect(pulling.map((line) => line.stream).sort()).toEqual(['bframes', 'fmp4', 'multi']);
    // Streams 2 (video) and 3 (audio) are the 1.2 Mbit/s variant's.
    expect(pulling.find((line) => line.stream === 'multi')).toMatchObject({
      video: { index: 2 },
      audio: { index: 3 },
    });
    for (const name of ['fmp4', 'bframes']) {
      const playlistUrl = `${base}/hls/${name}/video.m3u8`;
      const { init, part } = firstPart(await (await fetch(playlistUrl)).text(), playlistUrl);
      const file = path.join(dir, `${name}-part.mp4`);
      writeFileSync(file, Buffer.concat([await bytesOf(init), await bytesOf(part)]));
      expect(videoFrames(file)).toMatchObject({ codec: 'h264', reordered: false });
    }
    // The copied stream keeps the source's profile; the re-encoded one is libx264's High.
    const tracks = async (name: string) => (await info(base, name)).tracks.map((t) => t.codec);
    expect(await tracks('fmp4')).toEqual(['avc1.42c00d', 'opus']);
    expect((await tracks('bframes'))[0]).toMatch(/^avc1\.64/);
  }, 30_000);

  it('retries a source that 404s or dies, logging why, and picks it up again', async () => {
    const liveDir = path.join(dir, 'live');
    mkdirSync(liveDir, { recursive: true });
    const base = await start(
      { news: `${origin.base}/live/index.m3u8` },
      { mediaTimeoutMs: 1500, pull: { retryMinMs: 300, retryMaxMs: 1000 } },
    );
    const running = server!;
    expect((await info(base, 'news')).state).toBe('starting');
    await waitFor(
      () => logs.some((line) => line.code === 'ingest/source-unreadable' && /retrying/.test(line.msg)),
      8000,
      'a logged retry',
    );
    const waiting = await info(base, 'news');
    expect(waiting.state).toBe('starting');
    expect(waiting.error?.code).toBe('ingest/source-unreadable');

    let source = startLiveSource(liveDir);
    try {
      await waitFor(
        () => running.registry.get('news')?.state === 'live',
        15_000,
        'live from the live source',
      );
      expect((await info(base, 'news')).error).toBeUndefined();
      expect(running.pulls.get('news')).toBeDefined();
      expect(
        logs.some((line) => line.msg === `pulling news from ${origin.base}/live/index.m3u8 (live)`),
      ).toBe(true);
      // The source dies and its playlist goes (404): the pull fails, which is no end, and is retried.
      await source.stop();
      rmSync(path.join(liveDir, 'index.m3u8'));
      await waitFor(
        () => logs.some((line) => line.code === 'ingest/source-failed' && /retrying/.test(line.msg)),
        15_000,
        'a logged retry after the source died',
      );
      source = startLiveSource(liveDir);
      const livesBefore = logs.filter(
        (line) => line.stream === 'news' && line.msg.endsWith('-> live'),
      ).length;
      await waitFor(
        () =>
          logs.filter((line) => line.stream === 'news' && line.msg.endsWith('-> live')).length > livesBefore,
        20_000,
        'live again',
      );
      expect(logs.some((line) => line.msg.includes('(source-ended)'))).toBe(false);
    } finally {
      await source.stop();
    }
  }, 60_000);

  it('stops a pull nobody uses, and server.close() leaves no ffmpeg behind', async () => {
    const base = await start(
      { quiet: `${origin.base}/ts/index.m3u8`, busy: `${origin.base}/ts/index.m3u8` },
      { pull: { idleMs: 1500 } },
    );
    const running = server!;
    await Promise.all([fetch(`${base}/api/streams/quiet`), fetch(`${base}/api/streams/busy`)]);
    await waitFor(
      () => running.registry.get('quiet')?.state === 'live' && running.registry.get('busy')?.state === 'live',
      8000,
      'both live',
    );
    const quietPid = running.pulls.get('quiet')?.pid;
    const busyPid = running.pulls.get('busy')?.pid;
    expect(quietPid).toBeDefined();
    expect(busyPid).toBeDefined();
    // `busy` has a reader; `quiet` has none.
    const reading = readBody(`${base}/busy.mp4`, 4000);
    await waitFor(() => running.registry.get('quiet')?.endReason === 'idle', 5000, 'quiet stopped as idle');
    await waitFor(() => !alive(quietPid!), 3000, 'quiet ffmpeg gone');
    expect(running.registry.get('busy')?.state).toBe('live');
    // Each pull has an RTP and an RTCP socket per track: only `busy`'s four are open.
    expect(udpSockets()).toBe(4);
    await server?.close();
    server = undefined;
    expect(alive(busyPid!)).toBe(false);
    expect(udpSockets()).toBe(0);
    await reading;
  }, 30_000);

  it('follows config changes: a new URL restarts the pull, a removed source stops it', async () => {
    const base = await start({ news: `${origin.base}/ts/index.m3u8` });
    const running = server!;
    await fetch(`${base}/api/streams/news`);
    await waitFor(() => running.registry.get('news')?.state === 'live', 8000, 'live');
    const firstPid = running.pulls.get('news')?.pid;
    expect(firstPid).toBeDefined();
    await running.configStore.update((document) => {
      document.streams = { news: { source: { url: `${origin.base}/fmp4/index.m3u8` } } };
    });
    await waitFor(() => running.pulls.get('news')?.url.includes('fmp4') === true, 3000, 'the new pull');
    await waitFor(() => running.registry.get('news')?.state === 'live', 8000, 'live from the new URL');
    expect(alive(firstPid!)).toBe(false);
    const secondPid = running.pulls.get('news')?.pid;
    expect(secondPid).toBeDefined();
    await running.configStore.update((document) => {
      document.streams = {};
    });
    await waitFor(() => running.registry.get('news')?.state === 'ended', 3000, 'ended');
    await waitFor(() => !alive(secondPid!), 3000, 'ffmpeg gone');
    expect(running.pulls.processIds).toEqual([]);
    // A WHIP stream again: requests start nothing.
    await fetch(`${base}/api/streams/news`);
    expect(running.pulls.get('news')).toBeUndefined();
  }, 30_000);

  it('reports a missing ffmpeg as the stream error without crashing', async () => {
    const base = await start(
      { news: `${origin.base}/ts/index.m3u8` },
      { pull: { ffprobePath: '/nonexistent/ffprobe', ffmpegPath: '/nonexistent/ffmpeg' } },
    );
    await fetch(`${base}/api/streams/news`);
    await waitFor(() => server?.registry.get('news')?.state === 'ended', 5000, 'ended');
    const ended = await info(base, 'news');
    expect(ended.error?.code).toBe('ingest/ffmpeg-missing');
    expect(ended.error?.message).toMatch(/not found/);
    expect(logs.some((line) => line.level === 50 && line.code === 'ingest/ffmpeg-missing')).toBe(true);
    // An output request for it is answered (404 offline), not hung or crashed.
    expect((await fetch(`${base}/news.mp4`)).status).toBe(404);
    expect((await fetch(`${base}/api/streams`)).status).toBe(200);
  }, 15_000);
});
