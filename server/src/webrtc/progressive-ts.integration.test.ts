import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StreamInfo } from '@brume/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ffprobe, hasTool } from '../cmaf/testing/media-tools';
import type { BrumeServer } from '../index';
import { RelayHarness } from '../testing/relay-harness';
import { readFor } from '../testing/read-for';
import { waitFor } from '../testing/werift-client';

describe('GET /:name.ts over a werift publisher', () => {
  let relay: RelayHarness;
  let server: BrumeServer;
  let base: string;
  let dir: string;

  beforeEach(async () => {
    relay = await RelayHarness.start();
    ({ server, base } = relay);
    dir = mkdtempSync(path.join(tmpdir(), 'brume-ts-'));
  });

  afterEach(async () => {
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 400 for an invalid name and 404 for an offline stream, as JSON', async () => {
    const invalid = await fetch(`${base}/bad%20name.ts`);
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe('stream/invalid-name');
    const offline = await fetch(`${base}/nobody.ts`);
    expect(offline.status).toBe(404);
    expect(offline.headers.get('content-type')).toContain('application/json');
    expect(((await offline.json()) as { error: { code: string } }).error.code).toBe('stream/not-found');
  });

  it('streams a live MPEG-TS that ffprobe reads: H.264 320x180 alone, increasing timestamps', async () => {
    await relay.publish('ts');
    const info = (await (await fetch(`${base}/api/streams/ts`)).json()) as StreamInfo;
    const videoTrack = info.tracks.find((track) => track.kind === 'video');
    expect(info.tracks.some((track) => track.kind === 'audio')).toBe(true);
    // The audio is Opus, which the TS does not carry: the source lists the video track alone.
    expect(info.sources.find((source) => source.protocol === 'ts')).toEqual({
      protocol: 'ts',
      url: `${base}/ts.ts`,
      mime: 'video/mp2t',
      priority: 5,
      lowLatency: false,
      tracks: [videoTrack!.id],
    });

    const head = await fetch(`${base}/ts.ts`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('video/mp2t');
    expect(server.relay.media('ts')?.readerCount).toBe(0);

    const { response, bytes, ended } = await readFor(`${base}/ts.ts`, 3000);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp2t');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(ended).toBe(false);
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(bytes.length % 188).toBe(0);
    for (let at = 0; at < bytes.length; at += 188) expect(bytes[at]).toBe(0x47);
    // The reader left: the pipeline stops.
    await waitFor(() => server.relay.media('ts')?.readerCount === 0, 2000, 'reader released');
    expect(server.relay.media('ts')?.readerCount).toBe(0);

    if (!hasTool('ffprobe')) return;
    const file = path.join(dir, 'live.ts');
    writeFileSync(file, bytes);
    const probe = ffprobe(file);
    expect(probe.streams).toHaveLength(1);
    expect(probe.streams[0]).toMatchObject({
      codec_type: 'video',
      codec_name: 'h264',
      width: 320,
      height: 180,
    });
    // ~3 s at 15 fps, starting on a keyframe, at stream time (the publisher started before the read).
    const packets = probe.packets;
    expect(packets.length).toBeGreaterThan(30);
    expect(packets[0]!.flags).toContain('K');
    expect(packets[0]!.pts).toBeGreaterThan(0);
    for (let i = 1; i < packets.length; i++) {
      expect(packets[i]!.pts).toBeGreaterThan(packets[i - 1]!.pts);
      expect(packets[i]!.dts).toBe(packets[i]!.pts);
    }
  });

  it('ends the response when the publisher stops, and 404s afterwards', async () => {
    const { location } = await relay.publish('ending');
    const reading = readFor(`${base}/ending.ts`, 5000);
    await waitFor(() => server.relay.media('ending')?.running === true, 2000, 'pipeline running');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await fetch(`${base}${location}`, { method: 'DELETE' });
    const { bytes, ended } = await reading;
    expect(ended).toBe(true);
    expect(bytes.length).toBeGreaterThan(1000);
    expect(bytes.length % 188).toBe(0);
    expect((await fetch(`${base}/ending.ts`)).status).toBe(404);
  });

  it('ends open responses when the server closes', async () => {
    await relay.publish('closing');
    const reading = readFor(`${base}/closing.ts`, 5000);
    await waitFor(() => server.relay.media('closing')?.running === true, 2000, 'pipeline running');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.close();
    const { ended } = await reading;
    expect(ended).toBe(true);
  });
});
