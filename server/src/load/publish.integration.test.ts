import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { StreamStats } from '@brume/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ffprobe, hasTool } from '../cmaf/testing/media-tools';
import { publishCommand } from '../cli/publish-command';
import type { EndedSession } from '../observability/session-registry';
import { RelayHarness } from '../testing/relay-harness';
import { readFor } from '../testing/read-for';
import { waitFor } from '../testing/werift-client';

const KEY = 'load-key-5678';
const tools = hasTool('ffmpeg') && hasTool('ffprobe');

/** The pids of this process's ffmpeg children (what `brume publish` spawns and must reap). */
function ffmpegChildren(): string[] {
  try {
    return execFileSync('pgrep', ['-P', String(process.pid), 'ffmpeg'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { out: '', err: '' };
  stdout.on('data', (chunk: Buffer) => (text.out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (text.err += chunk.toString()));
  return { io: { stdin: new PassThrough(), stdout, stderr }, text };
}

describe.skipIf(!tools)('brume publish against a relay on loopback', () => {
  let relay: RelayHarness;
  let dir: string;
  const ended: EndedSession[] = [];

  beforeEach(async () => {
    relay = await RelayHarness.start();
    relay.server.sessions.events.on('ended', (session) => ended.push(session));
    dir = mkdtempSync(path.join(tmpdir(), 'brume-publish-'));
  });

  afterEach(async () => {
    ended.length = 0;
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes a test pattern with timecodes: live, decodable .mp4, ingest latency read, clean end', async () => {
    const { base, server } = relay;
    const { io: streams, text } = io();
    const run = publishCommand.run(
      [
        'load',
        '--server',
        base,
        '--size',
        '320x180',
        '--fps',
        '15',
        '--bitrate',
        '300k',
        '--gop',
        '0.5s',
      ].concat(['--duration', '4', '--status-interval', '1']),
      streams,
    );
    await waitFor(() => server.registry.get('load')?.state === 'live', 6000, 'load live');

    const { bytes } = await readFor(`${base}/load.mp4`, 1500);
    const file = path.join(dir, 'load.mp4');
    writeFileSync(file, bytes);
    const probed = ffprobe(file);
    const video = probed.streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', width: 320, height: 180 });
    expect(probed.streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('opus');
    expect(probed.packets.filter((p) => p.stream_index === video!.index).length).toBeGreaterThan(5);

    const stats = (await (await fetch(`${base}/api/streams/load/stats`)).json()) as StreamStats;
    expect(stats.state).toBe('live');
    expect(stats.ingestLatencyMs).toBeGreaterThanOrEqual(0);
    expect(stats.ingestLatencyMs).toBeLessThan(1000);
    const metrics = await server.metrics.scrape();
    const count = /^brume_ingest_timecode_latency_seconds_count\{stream="load"\} (\d+)$/m.exec(metrics);
    const sum = /^brume_ingest_timecode_latency_seconds_sum\{stream="load"\} ([\d.e+-]+)$/m.exec(metrics);
    expect(Number(count?.[1])).toBeGreaterThan(10);
    const mean = Number(sum?.[1]) / Number(count?.[1]);
    expect(mean).toBeGreaterThanOrEqual(0);
    expect(mean).toBeLessThan(1);

    expect(await run).toBe(0);
    expect(text.out).toMatch(/1\/1 connected, [\d.]+ Mbit\/s per stream/);
    expect(text.out).toMatch(/^stopped \(duration\): \d+ pictures/m);
    expect(ffmpegChildren()).toEqual([]);
    await waitFor(() => server.registry.get('load')?.state === 'ended', 3000, 'load ended');
    expect(ended.find((s) => s.protocol === 'whip')?.reason).toBe('client-closed');
    expect(server.relay.sessionCount).toBe(0);
  }, 15_000);

  it('fans one encode out to --count streams', async () => {
    const { base, server } = relay;
    const { io: streams } = io();
    const run = publishCommand.run(
      ['fan', '--server', base, '--size', '160x96', '--bitrate', '100k', '--count', '3', '--duration', '2.5'],
      streams,
    );
    const names = ['fan-1', 'fan-2', 'fan-3'];
    await waitFor(() => names.every((n) => server.registry.get(n)?.state === 'live'), 6000, 'all live');
    expect(await run).toBe(0);
    expect(ended.filter((s) => s.protocol === 'whip').map((s) => s.reason)).toEqual(
      names.map(() => 'client-closed'),
    );
    expect(ffmpegChildren()).toEqual([]);
  }, 15_000);

  it('says what to do on a 401 (no or wrong key) and leaves nothing running', async () => {
    const { base, server } = relay;
    server.configStore.update((draft) => {
      draft.streams = { keyed: { auth: { publishKeys: [KEY] } } };
    });
    for (const key of [[], ['--key', 'wrong']]) {
      const { io: streams, text } = io();
      const code = await publishCommand.run(['keyed', '--server', base, '--duration', '2', ...key], streams);
      expect(code).toBe(1);
      expect(text.err).toContain('answered 401');
      expect(text.err).toContain('give --key');
      expect(text.err).toContain('[publish/rejected]');
    }
    expect(ffmpegChildren()).toEqual([]);
    expect(server.relay.sessionCount).toBe(0);
  }, 15_000);

  it('reports no ingest latency for a publisher without timecodes, and 404 for an unknown stream', async () => {
    const { base } = relay;
    await relay.publish('plain'); // the x264 fixture: x264's own SEI, no Brume timecode
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stats = (await (await fetch(`${base}/api/streams/plain/stats`)).json()) as StreamStats;
    expect(stats).toMatchObject({ name: 'plain', state: 'live' });
    expect(stats).not.toHaveProperty('ingestLatencyMs');
    expect(await relay.server.metrics.scrape()).not.toMatch(/brume_ingest_timecode_latency_seconds_count\{/);
    const unknown = await fetch(`${base}/api/streams/nobody/stats`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('stream/not-found');
    expect((await fetch(`${base}/api/streams/bad%20name/stats`)).status).toBe(400);
  });

  it('says the relay is unreachable', async () => {
    const { io: streams, text } = io();
    const code = await publishCommand.run(
      ['x', '--server', 'http://127.0.0.1:9', '--duration', '1'],
      streams,
    );
    expect(code).toBe(1);
    expect(text.err).toContain('[publish/unreachable]');
  });
});
