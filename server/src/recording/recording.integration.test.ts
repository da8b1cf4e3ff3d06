import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasTool } from '../cmaf/testing/media-tools';
import { RelayHarness } from '../testing/relay-harness';
import { waitFor } from '../testing/werift-client';

interface Listed {
  stream: string;
  file: string;
  start: string;
  startUnixMs: number;
  durationMs: number | null;
  bytes: number;
  url: string;
  active: boolean;
}

interface Probe {
  streams: { index: number; codec_type: string; codec_name: string }[];
  packets: { stream_index: number; dts_time: string; flags: string }[];
}

function probeFile(file: string): Probe {
  const run = spawnSync('ffprobe', ['-v', 'error', '-show_streams', '-show_packets', '-of', 'json', file], {
    encoding: 'utf8',
  });
  if (run.status !== 0 || run.stderr.trim() !== '') throw new Error(`ffprobe failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Probe;
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

async function listRecordings(base: string): Promise<Listed[]> {
  const response = await fetch(`${base}/api/recordings`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { recordings: Listed[] }).recordings;
}

describe('recording over a werift publisher', () => {
  let relay: RelayHarness | undefined;
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'brume-rec-'));
  });

  afterEach(async () => {
    await relay?.close();
    relay = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts and stops by API, rotates files, lists them and serves them with Range', async () => {
    relay = await RelayHarness.start({ recording: { dir, streams: [], segmentMs: 2000 } });
    const { base, server } = relay;
    expect(await errorCode(await fetch(`${base}/api/streams/nobody/recording`, { method: 'POST' }))).toBe(
      'stream/not-found',
    );
    expect((await fetch(`${base}/api/streams/bad%20name/recording`, { method: 'POST' })).status).toBe(400);
    const { location } = await relay.publish('rec');
    expect(await listRecordings(base)).toEqual([]);
    const started = await fetch(`${base}/api/streams/rec/recording`, { method: 'POST' });
    expect(started.status).toBe(201);
    const again = await fetch(`${base}/api/streams/rec/recording`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('recording/active');

    // Three files of 2 s (keyframes every second) and a second of a fourth (test audio lags video by
    // a few hundred ms, so a file cut just after its start may hold pictures alone).
    await waitFor(() => server.recordings.isRecording('rec'), 1000, 'recording');
    let listed: Listed[] = [];
    let posted = false;
    for (let i = 0; i < 60 && !(listed.length >= 4 && (listed[3]?.durationMs ?? 0) >= 1000); i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      listed = await listRecordings(base);
      if (!posted && listed.length > 0) {
        // Once a file is open (it starts at a fresh keyframe): an event at the live edge.
        posted = true;
        const event = await fetch(`${base}/api/streams/rec/tracks/chat`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ data: { text: 'recorded-event-7f3a' } }),
        });
        expect(event.status).toBe(202);
      }
    }
    expect(posted).toBe(true);
    expect(listed.length).toBeGreaterThanOrEqual(4);
    expect(listed.at(-1)?.active).toBe(true);
    const stopped = await fetch(`${base}/api/streams/rec/recording`, { method: 'DELETE' });
    expect(stopped.status).toBe(200);
    const gone = await fetch(`${base}/api/streams/rec/recording`, { method: 'DELETE' });
    expect(gone.status).toBe(404);
    expect(await errorCode(gone)).toBe('recording/not-found');

    listed = await listRecordings(base);
    expect(listed.every((file) => !file.active && file.stream === 'rec')).toBe(true);
    const starts = listed.map((file) => file.startUnixMs);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    for (const file of listed) {
      expect(file.file).toMatch(/^rec\/rec-\d{8}T\d{6}\.\d{3}Z\.mp4$/);
      expect(new Date(file.start).getTime()).toBe(file.startUnixMs);
      expect(file.url).toBe(`${base}/recordings/${file.file}`);
    }
    // Full files are one segment (2 s, cut on the first keyframe after it); the last may be short.
    for (const file of listed.slice(0, -1)) {
      expect(file.durationMs).toBeGreaterThanOrEqual(1900);
      expect(file.durationMs).toBeLessThanOrEqual(3100);
    }

    const first = listed[0]!;
    const whole = await fetch(first.url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    const bytes = new Uint8Array(await whole.arrayBuffer());
    expect(bytes.length).toBe(first.bytes);
    const ranged = await fetch(first.url, { headers: { Range: 'bytes=4-11' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 4-11/${first.bytes}`);
    expect(Buffer.from(await ranged.arrayBuffer()).toString('latin1')).toBe(
      'ftypiso6'.slice(0, 8).replace('iso6', Buffer.from(bytes.subarray(8, 12)).toString('latin1')),
    );
    expect((await fetch(`${base}/recordings/rec/rec-20200101T000000.000Z.mp4`)).status).toBe(404);
    expect((await fetch(`${base}/recordings/rec/..%2F..%2Fpackage.json`)).status).toBe(404);

    // The metadata event rides in the file of its time as an ID3 emsg, as in the .mp4 output.
    const carrying = listed.filter((file) =>
      readFileSync(path.join(dir, file.file)).toString('latin1').includes('recorded-event-7f3a'),
    );
    expect(carrying).toHaveLength(1);
    expect(readFileSync(path.join(dir, carrying[0]!.file)).toString('latin1')).toContain('emsg');

    // Once the publish ended, wall-clock clips come from the recordings (from one file).
    await fetch(`${base}${location}`, { method: 'DELETE' });
    await waitFor(() => server.registry.get('rec')?.state === 'ended', 3000, 'publish ended');
    const second = listed[1]!;
    const clip = await fetch(
      `${base}/clip/rec.mp4?start=unix:${second.startUnixMs + 1200}&end=unix:${second.startUnixMs + 1800}`,
    );
    expect(clip.status).toBe(200);
    const named = /filename="rec-(\d+)-(\d+)\.mp4"/.exec(clip.headers.get('content-disposition') ?? '');
    // From the keyframe at or before the start (keyframes every second), named in unix ms.
    expect(Number(named?.[1])).toBeGreaterThanOrEqual(second.startUnixMs);
    expect(Number(named?.[1])).toBeLessThanOrEqual(second.startUnixMs + 1200);
    expect(Number(named?.[2])).toBe(second.startUnixMs + 1800);
    const clipBytes = new Uint8Array(await clip.arrayBuffer());
    const spanning = await fetch(
      `${base}/clip/rec.mkv?start=unix:${second.startUnixMs + 1000}&end=unix:${listed[2]!.startUnixMs + 500}`,
    );
    expect(spanning.status).toBe(422);
    expect(await errorCode(spanning)).toBe('clip/out-of-window');
    expect((await fetch(`${base}/clip/rec.mp4?start=-2s`)).status).toBe(404);

    if (!hasTool('ffprobe')) return;
    const clipFile = path.join(dir, 'clip.mp4');
    writeFileSync(clipFile, clipBytes);
    const probedClip = probeFile(clipFile);
    expect(probedClip.streams.map((stream) => stream.codec_name).sort()).toEqual(['h264', 'opus']);
    const clipVideo = probedClip.packets.filter(
      (packet) => packet.stream_index === probedClip.streams.find((s) => s.codec_type === 'video')!.index,
    );
    expect(clipVideo[0]!.flags).toContain('K');
    expect(clipVideo.length).toBeGreaterThan(5);
    rmSync(clipFile);
    for (const file of listed) {
      const probed = probeFile(path.join(dir, file.file));
      expect(probed.streams.map((stream) => stream.codec_name).sort()).toEqual(['h264', 'opus']);
      for (const stream of probed.streams) {
        const packets = probed.packets.filter((packet) => packet.stream_index === stream.index);
        expect(packets.length, `${file.file} ${stream.codec_type} ${JSON.stringify(listed)}`).toBeGreaterThan(
          0,
        );
        if (stream.codec_type === 'video') expect(packets[0]!.flags).toContain('K');
        const dts = packets.map((packet) => Number(packet.dts_time));
        for (let i = 1; i < dts.length; i++) expect(dts[i]).toBeGreaterThan(dts[i - 1]!);
      }
    }
  }, 30_000);

  it('records configured streams (and their wildcard children) whenever they go live, and finish() closes them', async () => {
    relay = await RelayHarness.start({ recording: { dir, streams: ['show'], segmentMs: 60_000 } });
    const { base, server } = relay;
    await relay.publish('other');
    await relay.publish('show+alice');
    await waitFor(() => server.recordings.isRecording('show+alice'), 2000, 'recording show+alice');
    expect(server.recordings.isRecording('other')).toBe(false);
    const done: string[] = [];
    server.recordings.events.on('file', (stream, file) => done.push(`${stream} ${file.name.path}`));
    // Some media in the file, then the shutdown sequence's call.
    let listed: Listed[] = [];
    for (let i = 0; i < 20 && !(listed[0]?.durationMs && listed[0].durationMs > 1500); i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      listed = await listRecordings(base);
    }
    await server.recordings.finish();
    expect(server.recordings.active).toEqual([]);
    listed = await listRecordings(base);
    expect(listed.map((file) => file.stream)).toEqual(['show+alice']);
    expect(listed[0]?.active).toBe(false);
    expect(listed[0]?.durationMs).toBeGreaterThan(1500);
    expect(done).toEqual([`show+alice ${listed[0]?.file}`]);
  }, 30_000);

  it('records a stream whose config-file entry has a recording section, into the entry’s own directory', async () => {
    const configFile = path.join(dir, 'brume.yaml');
    writeFileSync(configFile, 'streams:\n  show:\n    recording: { directory: own, rotateMs: 60000 }\n');
    relay = await RelayHarness.start({ configFile, recording: { dir: path.join(dir, 'default') } });
    const { base, server } = relay;
    await relay.publish('show+alice');
    await waitFor(() => server.recordings.isRecording('show+alice'), 2000, 'recording show+alice');
    let listed: Listed[] = [];
    for (let i = 0; i < 20 && !(listed[0]?.durationMs && listed[0].durationMs > 1000); i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      listed = await listRecordings(base);
    }
    await server.recordings.finish();
    listed = await listRecordings(base);
    expect(listed.map((file) => file.stream)).toEqual(['show+alice']);
    const [file] = listed;
    // Relative to the config file's folder, not the relay's default directory.
    const onDisk = path.join(dir, 'own', file!.file);
    expect(readFileSync(onDisk).byteLength).toBe(file!.bytes);
    const served = await fetch(file!.url);
    expect(served.status).toBe(200);
    expect((await served.arrayBuffer()).byteLength).toBe(file!.bytes);
    // A stream without a section (nor in `recording.streams`) is not recorded on its own.
    await relay.publish('other');
    expect(server.recordings.isRecording('other')).toBe(false);
  }, 30_000);
});
