import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { metadataEventFromEmsg, type MetadataEvent, type StreamInfo } from '@brume/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBoxes, readBoxes } from '../cmaf/testing/box-reader';
import { ffprobe, hasTool } from '../cmaf/testing/media-tools';
import type { BrumeServer } from '../index';
import { RelayHarness } from '../testing/relay-harness';
import { readFor } from '../testing/read-for';
import { waitFor } from '../testing/werift-client';

/** The top-level boxes of a file cut anywhere: the whole ones (type, bytes), in order. */
function topLevelBoxes(bytes: Uint8Array): { type: string; bytes: Uint8Array }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: { type: string; bytes: Uint8Array }[] = [];
  for (let at = 0; at + 8 <= bytes.length;) {
    const size = view.getUint32(at);
    if (size < 8 || at + size > bytes.length) break;
    boxes.push({
      type: Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1'),
      bytes: bytes.subarray(at, at + size),
    });
    at += size;
  }
  return boxes;
}

/** Stream ms of a `moof`'s first (video) `traf`. */
function moofVideoMs(moof: Uint8Array): number {
  const tfdt = findBoxes(readBoxes(moof), 'moof/traf/tfdt')[0]!.bytes;
  return Number(new DataView(tfdt.buffer, tfdt.byteOffset, tfdt.byteLength).getBigUint64(12)) / 90;
}

describe('GET /:name.mp4 over a werift publisher', () => {
  let relay: RelayHarness;
  let server: BrumeServer;
  let base: string;
  let dir: string;

  beforeEach(async () => {
    relay = await RelayHarness.start();
    ({ server, base } = relay);
    dir = mkdtempSync(path.join(tmpdir(), 'brume-mp4-'));
  });

  afterEach(async () => {
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const publish = (name: string) => relay.publish(name);

  it('answers 400 for an invalid name and 404 for an offline stream, as JSON', async () => {
    const invalid = await fetch(`${base}/bad%20name.mp4`);
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe('stream/invalid-name');
    const offline = await fetch(`${base}/nobody.mp4`);
    expect(offline.status).toBe(404);
    expect(offline.headers.get('content-type')).toContain('application/json');
    expect(((await offline.json()) as { error: { code: string } }).error.code).toBe('stream/not-found');
  });

  it('streams a live fragmented MP4 that ffprobe reads: H.264 320x180 + Opus, monotonic dts', async () => {
    await publish('mp4');
    const info = (await (await fetch(`${base}/api/streams/mp4`)).json()) as StreamInfo;
    expect(info.sources.map((s) => s.protocol)).toEqual(['whep', 'ws-mp4', 'll-hls', 'll-dash', 'mp4', 'ts']);
    expect(info.sources.find((s) => s.protocol === 'mp4')).toEqual({
      protocol: 'mp4',
      url: `${base}/mp4.mp4`,
      mime: 'video/mp4',
      priority: 10,
      lowLatency: false,
      tracks: [0, 1],
    });

    const head = await fetch(`${base}/mp4.mp4`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('video/mp4');
    expect(server.relay.media('mp4')?.readerCount).toBe(0);

    const { response, bytes, ended } = await readFor(`${base}/mp4.mp4`, 2000);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(ended).toBe(false);
    expect(bytes.length).toBeGreaterThan(10_000);
    // The reader left: the pipeline stops.
    await waitFor(() => server.relay.media('mp4')?.readerCount === 0, 2000, 'reader released');
    expect(server.relay.media('mp4')?.readerCount).toBe(0);

    if (!hasTool('ffprobe')) return;
    const file = path.join(dir, 'live.mp4');
    writeFileSync(file, bytes);
    const probe = ffprobe(file);
    const video = probe.streams.find((s) => s.codec_type === 'video');
    const audio = probe.streams.find((s) => s.codec_type === 'audio');
    expect(video).toMatchObject({ codec_name: 'h264', width: 320, height: 180 });
    expect(audio).toMatchObject({ codec_name: 'opus', sample_rate: '48000' });
    const videoPackets = probe.packets.filter((p) => p.stream_index === video!.index);
    const audioPackets = probe.packets.filter((p) => p.stream_index === audio!.index);
    // ~2 s at 15 fps, starting on a keyframe.
    expect(videoPackets.length).toBeGreaterThan(15);
    expect(videoPackets[0]!.flags).toContain('K');
    expect(audioPackets.length).toBeGreaterThan(50);
    for (const packets of [videoPackets, audioPackets]) {
      for (let i = 1; i < packets.length; i++) expect(packets[i]!.dts).toBeGreaterThan(packets[i - 1]!.dts);
    }
    // One timeline: audio and video start within a frame of each other.
    const start = (p: { dts: number }, timeBase: string) => {
      const [num, den] = timeBase.split('/').map(Number);
      return (p.dts * (num ?? 1)) / (den ?? 1);
    };
    expect(
      Math.abs(start(videoPackets[0]!, video!.time_base) - start(audioPackets[0]!, audio!.time_base)),
    ).toBeLessThan(0.1);
  });

  it('carries the metadata events as emsg before the fragment of their time, late ones in the next', async () => {
    await publish('mp4meta');
    const window = () => server.relay.media('mp4meta')!.window!;
    await waitFor(() => (server.relay.media('mp4meta')?.window?.lastMs ?? 0) > 1000, 6000, 'media');
    const post = async (body: unknown) => {
      const response = await fetch(`${base}/api/streams/mp4meta/tracks/score`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(202);
      return ((await response.json()) as { ids: number[] }).ids[0]!;
    };
    const reading = readFor(`${base}/mp4meta.mp4`, 3000);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const edge = await post({ data: 'edge' });
    const ahead = await post({ time: window().lastMs + 800, data: 'ahead' });
    await new Promise((resolve) => setTimeout(resolve, 900));
    // Behind what was written already, yet after the file's first keyframe (one a second).
    const late = await post({ time: window().lastMs - 600, data: 'late' });
    const { bytes } = await reading;

    const boxes = topLevelBoxes(bytes);
    expect(Buffer.from(boxes[0]!.bytes).includes('aid3')).toBe(true);
    const moofs = boxes.flatMap((box, index) =>
      box.type === 'moof' ? [{ index, ms: moofVideoMs(box.bytes) }] : [],
    );
    const carried: { event: MetadataEvent; moof: number }[] = [];
    boxes.forEach((box, index) => {
      if (box.type !== 'emsg') return;
      const next = moofs.findIndex((m) => m.index > index);
      expect(boxes.slice(index + 1, moofs[next]!.index).every((b) => b.type === 'emsg')).toBe(true);
      carried.push({ event: metadataEventFromEmsg(box.bytes)!, moof: next });
    });
    expect(carried.map((c) => c.event.id)).toEqual(expect.arrayContaining([edge, ahead, late]));
    expect(carried).toHaveLength(3);
    const lateBy = (id: number) => {
      const { event, moof } = carried.find((c) => c.event.id === id)!;
      const from = moofs[moof]!.ms;
      const to = moofs[moof + 1]?.ms ?? Infinity;
      if (event.time >= from) expect(event.time).toBeLessThan(to);
      else expect(event.time).toBeGreaterThanOrEqual(moofs[0]!.ms);
      return Math.max(0, from - event.time);
    };
    // Ahead of the edge: in the span of its fragment. Behind what was written: with the next
    // fragment out. At the edge (stamped on the newest unit the relay took, which can be behind the
    // video already written): either.
    expect(lateBy(ahead)).toBe(0);
    expect(lateBy(late)).toBeGreaterThan(0);
    console.info(
      `mp4 metadata: ${carried.length} emsg in ${moofs.length} fragments; the late event ${lateBy(late).toFixed(0)} ms ` +
        `and the edge event ${lateBy(edge).toFixed(0)} ms behind the fragment that carries it`,
    );

    if (!hasTool('ffprobe')) return;
    const file = path.join(dir, 'meta.mp4');
    writeFileSync(file, bytes);
    const probe = ffprobe(file);
    const video = probe.streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', width: 320, height: 180 });
    expect(probe.packets.filter((p) => p.stream_index === video!.index).length).toBeGreaterThan(20);
  });

  it('ends the response when the publisher stops, and 404s afterwards', async () => {
    const { location } = await publish('ending');
    const reading = readFor(`${base}/ending.mp4`, 5000);
    await waitFor(() => server.relay.media('ending')?.running === true, 2000, 'pipeline running');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await fetch(`${base}${location}`, { method: 'DELETE' });
    const { bytes, ended } = await reading;
    expect(ended).toBe(true);
    expect(bytes.length).toBeGreaterThan(1000);
    expect((await fetch(`${base}/ending.mp4`)).status).toBe(404);
  });
});
