import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseWsMediaServerMessage, type StreamInfo, type WsMediaServerMessage } from '@brume/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { findBoxes, readBoxes } from '../cmaf/testing/box-reader';
import { ffprobe, hasTool } from '../cmaf/testing/media-tools';
import type { BrumeServer } from '../index';
import { RelayHarness } from '../testing/relay-harness';
import { waitFor } from '../testing/werift-client';

type Received = { text: WsMediaServerMessage } | { bytes: Buffer };

/** A `ws` client that records every message, and how the socket closed. */
function connect(url: string) {
  const ws = new WebSocket(url);
  const received: Received[] = [];
  const closed: { code?: number; reason?: string } = {};
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary) received.push({ bytes: data });
    else received.push({ text: parseWsMediaServerMessage(data.toString('utf8')) ?? fail(data) });
  });
  ws.on('close', (code, reason) => {
    closed.code = code;
    closed.reason = reason.toString();
  });
  const texts = () => received.flatMap((r) => ('text' in r ? [r.text] : []));
  const binaries = () => received.flatMap((r) => ('bytes' in r ? [r.bytes] : []));
  return { ws, received, closed, texts, binaries };
}

function fail(data: Buffer): never {
  throw new Error(`not a server message: ${data.toString('utf8')}`);
}

/** Whether an fMP4 fragment's first video sample is a sync sample (trun first-sample-flags or sample flags). */
function startsWithKeyframe(fragment: Buffer): boolean {
  const trun = fragment.indexOf('trun');
  const flags = fragment.readUIntBE(trun + 5, 3);
  let at = trun + 4 + 4 + 4; // type, version+flags, sample_count
  if (flags & 0x1) at += 4; // data_offset
  if (flags & 0x4) return (fragment.readUInt32BE(at) & 0x10000) === 0; // first_sample_flags
  if (flags & 0x100) at += 4;
  if (flags & 0x200) at += 4;
  return (fragment.readUInt32BE(at) & 0x10000) === 0;
}

/** Stream ms of a fragment's first video sample (`tfdt` of the first `traf`, 90 kHz). */
function videoStartMs(fragment: Buffer): number {
  const tfdt = findBoxes(readBoxes(fragment), 'moof/traf/tfdt')[0]!.bytes;
  const view = new DataView(tfdt.buffer, tfdt.byteOffset, tfdt.byteLength);
  const ticks = tfdt[8] === 1 ? Number(view.getBigUint64(12)) : view.getUint32(12);
  return ticks / 90;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WS /ws/:name over a werift publisher', () => {
  let relay: RelayHarness;
  let server: BrumeServer;
  let base: string;
  let wsBase: string;
  let dir: string;

  beforeEach(async () => {
    relay = await RelayHarness.start();
    ({ server, base } = relay);
    wsBase = base.replace(/^http/, 'ws');
    dir = mkdtempSync(path.join(tmpdir(), 'brume-ws-mp4-'));
  });

  afterEach(async () => {
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const publish = (name: string) => relay.publish(name);

  it('closes 1008 for an invalid name, and errors then closes 1000 for an offline stream', async () => {
    const invalid = connect(`${wsBase}/ws/bad%20name`);
    await waitFor(() => invalid.closed.code !== undefined, 2000, 'invalid closed');
    expect(invalid.closed.code).toBe(1008);
    expect(invalid.closed.reason).toMatch(/invalid/);

    const offline = connect(`${wsBase}/ws/nobody`);
    await waitFor(() => offline.closed.code !== undefined, 2000, 'offline closed');
    expect(offline.closed.code).toBe(1000);
    expect(offline.texts()).toEqual([
      { type: 'error', code: 'stream/not-found', message: expect.any(String) },
    ]);
  });

  it('sends init, an init segment and fragments that ffprobe reads; hold/play; bad messages', async () => {
    await publish('wsmp4');
    const info = (await (await fetch(`${base}/api/streams/wsmp4`)).json()) as StreamInfo;
    expect(info.sources.map((s) => s.protocol)).toEqual(['whep', 'ws-mp4', 'll-hls', 'll-dash', 'mp4', 'ts']);
    expect(info.sources[1]).toEqual({
      protocol: 'ws-mp4',
      url: `${wsBase}/ws/wsmp4`,
      mime: 'video/mp4',
      priority: 50,
      lowLatency: true,
      tracks: [0, 1],
    });

    const client = connect(info.sources[1]!.url);
    await waitFor(() => client.binaries().length > 15, 5000, 'fragments');
    await sleep(1500);
    const [first, second] = client.received;
    expect(first).toEqual({
      text: {
        type: 'init',
        codecs: expect.stringMatching(/^video\/mp4; codecs="avc1\.[0-9a-f]{6}, opus"$/),
        tracks: [
          {
            id: 1,
            kind: 'video',
            codec: expect.stringMatching(/^avc1\./),
            timescale: 90000,
            width: 320,
            height: 180,
          },
          { id: 2, kind: 'audio', codec: 'opus', timescale: 48000, channels: 2, sampleRate: 48000 },
        ],
      },
    });
    expect(second && 'bytes' in second && second.bytes.includes('moov')).toBe(true);
    const times = client.texts().filter((t) => t.type === 'time');
    expect(times.length).toBeGreaterThanOrEqual(2);
    const [time] = times;
    expect(client.received[2]).toEqual({ text: time });
    if (time?.type === 'time') {
      expect(time.liveEdgeMs).toBeGreaterThanOrEqual(time.streamMs);
      expect(time.bufferStartMs).toBeLessThanOrEqual(time.streamMs);
    }
    expect(server.relay.media('wsmp4')?.readerCount).toBe(1);

    // Unknown messages are answered, not fatal.
    client.ws.send('{"type":"rewind"}');
    client.ws.send(Buffer.from([1, 2, 3]));
    await waitFor(
      () => client.texts().filter((t) => t.type === 'error' && t.code === 'ws/bad-message').length === 2,
      2000,
      'bad-message errors',
    );

    // Hold: no more media. Play: resumes with a keyframe fragment, no second init segment.
    client.ws.send(JSON.stringify({ type: 'hold' }));
    await sleep(300);
    const heldAt = client.binaries().length;
    await sleep(700);
    expect(client.binaries().length).toBe(heldAt);
    client.ws.send(JSON.stringify({ type: 'play' }));
    await waitFor(() => client.binaries().length > heldAt + 3, 3000, 'resumed');
    expect(startsWithKeyframe(client.binaries()[heldAt]!)).toBe(true);
    // (Most fragments start mid-GOP: the check above means something.)
    expect(
      client
        .binaries()
        .slice(1, heldAt)
        .filter((b) => !startsWithKeyframe(b)).length,
    ).toBeGreaterThan(5);
    expect(client.texts().filter((t) => t.type === 'init')).toHaveLength(1);
    expect(client.closed.code).toBeUndefined();

    client.ws.close();
    await waitFor(() => server.relay.media('wsmp4')?.readerCount === 0, 2000, 'reader released');

    if (!hasTool('ffprobe')) return;
    const file = path.join(dir, 'ws.mp4');
    writeFileSync(file, Buffer.concat(client.binaries().slice(0, heldAt)));
    const probe = ffprobe(file);
    const video = probe.streams.find((s) => s.codec_type === 'video');
    const audio = probe.streams.find((s) => s.codec_type === 'audio');
    expect(video).toMatchObject({ codec_name: 'h264', width: 320, height: 180 });
    expect(audio).toMatchObject({ codec_name: 'opus', sample_rate: '48000' });
    const videoPackets = probe.packets.filter((p) => p.stream_index === video!.index);
    const audioPackets = probe.packets.filter((p) => p.stream_index === audio!.index);
    expect(videoPackets.length).toBeGreaterThan(15);
    expect(videoPackets[0]!.flags).toContain('K');
    expect(audioPackets.length).toBeGreaterThan(50);
    for (const packets of [videoPackets, audioPackets]) {
      for (let i = 1; i < packets.length; i++) expect(packets[i]!.dts).toBeGreaterThan(packets[i - 1]!.dts);
    }
    console.info(
      `ws-mp4 ffprobe: ${video!.codec_name} ${video!.width}x${video!.height} ${videoPackets.length} frames, ` +
        `${audio!.codec_name} ${audioPackets.length} packets, dts monotonic`,
    );
  });

  it('seeks into the DVR window and back to live', async () => {
    await publish('wsdvr');
    await sleep(3000);
    const client = connect(`${wsBase}/ws/wsdvr`);
    await waitFor(() => client.texts().some((t) => t.type === 'time'), 5000, 'first time message');
    const live = client.texts().find((t) => t.type === 'time')!;
    if (live.type !== 'time') throw new Error('unreachable');
    expect(live.bufferStartMs).toBeLessThan(1500);
    expect(live.liveEdgeMs).toBeGreaterThan(2000);

    const timesBefore = client.texts().filter((t) => t.type === 'time').length;
    client.ws.send(JSON.stringify({ type: 'seek', to: 500 }));
    await waitFor(
      () => client.texts().filter((t) => t.type === 'time').length > timesBefore,
      3000,
      'seek time',
    );
    const past = client.texts().filter((t) => t.type === 'time')[timesBefore]!;
    if (past.type !== 'time') throw new Error('unreachable');
    // The fixture has a keyframe every second: the seek starts at the one at or before 500 ms.
    expect(past.streamMs).toBeLessThanOrEqual(500);
    expect(past.liveEdgeMs - past.streamMs).toBeGreaterThan(2000);

    const timesAtLive = client.texts().filter((t) => t.type === 'time').length;
    client.ws.send(JSON.stringify({ type: 'seek', to: 'live' }));
    await waitFor(
      () => client.texts().filter((t) => t.type === 'time').length > timesAtLive,
      3000,
      'live time',
    );
    const back = client.texts().filter((t) => t.type === 'time')[timesAtLive]!;
    if (back.type !== 'time') throw new Error('unreachable');
    expect(back.liveEdgeMs - back.streamMs).toBeLessThan(1500);

    client.ws.send(JSON.stringify({ type: 'seek', to: -5 }));
    await waitFor(() => client.texts().some((t) => t.type === 'error'), 2000, 'error for a bad seek');
  });

  it('sends the stored metadata before the first fragment, each new event ahead of its fragment, and again after a resume or a seek', async () => {
    await publish('wsmeta');
    const window = () => server.relay.media('wsmeta')!.window!;
    await waitFor(() => (server.relay.media('wsmeta')?.window?.lastMs ?? 0) > 2500, 6000, 'DVR media');
    const post = async (track: string, body: unknown) => {
      const response = await fetch(`${base}/api/streams/wsmeta/tracks/${track}`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(202);
      return ((await response.json()) as { ids: number[] }).ids[0]!;
    };
    await fetch(`${base}/api/streams/wsmeta/tracks/en`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'subtitle', lang: 'en' }),
    });
    const { firstMs, lastMs } = window();
    const early = await post('score', { time: firstMs + 100, data: 'early' });
    // A subtitle that began long ago and still shows at the live edge.
    const cue = await post('en', { time: firstMs + 100, duration: 60_000, data: 'Still here' });
    const ahead = await post('score', { time: lastMs + 2000, data: 'ahead' });

    const client = connect(`${wsBase}/ws/wsmeta`);
    await waitFor(() => client.binaries().length > 3, 5000, 'fragments');
    const metaAt = (id: number) =>
      client.received.findIndex(
        (r) => 'text' in r && r.text.type === 'meta' && r.text.events.some((e) => e.id === id),
      );
    const metas = () => client.texts().flatMap((t) => (t.type === 'meta' ? [t] : []));
    const firstFragment = client.received.findIndex((r) => 'bytes' in r && r.bytes.includes('moof'));
    const [stored] = metas();
    // Before the first fragment: what is stored from its start on (not `early`, long before the
    // live keyframe), with the subtitle that lasts into it.
    expect(
      client.received.indexOf(client.received.find((r) => 'text' in r && r.text === stored)!),
    ).toBeLessThan(firstFragment);
    const start = videoStartMs((client.received[firstFragment] as { bytes: Buffer }).bytes);
    expect(start).toBeGreaterThan(firstMs + 100);
    expect(stored!.events.map((e) => e.id)).toEqual([cue, ahead]);
    expect(stored!.events[0]).toEqual({
      track: 'en',
      time: firstMs + 100,
      duration: 60_000,
      data: 'Still here',
      id: cue,
    });

    // New events are sent as accepted: at the edge (its time is the newest unit the relay took,
    // which can be audio a little behind the video already out), and ahead of the media that
    // holds its time.
    const now = await post('score', { data: 'now' });
    const soon = await post('score', { time: window().lastMs + 500, data: 'soon' });
    await waitFor(() => metaAt(now) >= 0 && metaAt(soon) >= 0, 2000, 'live events');
    const soonTime = client
      .texts()
      .flatMap((t) => (t.type === 'meta' ? t.events : []))
      .find((e) => e.id === soon)!.time;
    const holding = () =>
      client.received.findIndex(
        (r) => 'bytes' in r && r.bytes.includes('moof') && videoStartMs(r.bytes) > soonTime - 200,
      );
    await waitFor(() => holding() >= 0, 3000, 'the media at the event');
    expect(metaAt(soon)).toBeLessThan(holding());

    // Held: nothing is sent; the resume sends what is stored from its keyframe on.
    client.ws.send(JSON.stringify({ type: 'hold' }));
    await sleep(200);
    const held = await post('score', { time: window().lastMs + 1500, data: 'held' });
    await sleep(300);
    expect(metaAt(held)).toBe(-1);
    client.ws.send(JSON.stringify({ type: 'play' }));
    await waitFor(() => metaAt(held) >= 0, 3000, 'resume backlog');
    expect(
      metas()
        .at(-1)!
        .events.map((e) => e.id),
    ).toEqual(expect.arrayContaining([cue, held]));
    expect(
      metas()
        .at(-1)!
        .events.map((e) => e.id),
    ).not.toContain(early);

    // A seek back to the start of the window replays every stored event, in time order.
    const before = metas().length;
    client.ws.send(JSON.stringify({ type: 'seek', to: firstMs }));
    await waitFor(() => metas().length > before, 3000, 'seek backlog');
    const replay = metas()[before]!.events;
    expect(replay.map((e) => e.id)).toEqual(expect.arrayContaining([early, cue, now, soon, ahead, held]));
    expect(replay.map((e) => e.time)).toEqual([...replay.map((e) => e.time)].sort((a, b) => a - b));
    client.ws.close();
  });

  it('switches tracks: audio only, then video and audio again, each with its own init', async () => {
    await publish('wstracks');
    const client = connect(`${wsBase}/ws/wstracks`);
    await waitFor(() => client.binaries().length > 3, 5000, 'fragments');
    client.ws.send(JSON.stringify({ type: 'tracks', video: false, audio: true }));
    await waitFor(() => client.texts().filter((t) => t.type === 'init').length === 2, 3000, 'audio init');
    const audioInit = client.texts().filter((t) => t.type === 'init')[1]!;
    if (audioInit.type !== 'init') throw new Error('unreachable');
    expect(audioInit.codecs).toBe('video/mp4; codecs="opus"');
    expect(audioInit.tracks.map((t) => t.kind)).toEqual(['audio']);
    const at = client.received.length;
    await sleep(600);
    // After the init message: the audio init segment, then audio-only fragments.
    const after = client.received.slice(at).flatMap((r) => ('bytes' in r ? [r.bytes] : []));
    expect(after.length).toBeGreaterThan(2);
    for (const fragment of after) expect(fragment.includes(Buffer.from('avc1'))).toBe(false);

    client.ws.send(JSON.stringify({ type: 'tracks', video: true, audio: true }));
    await waitFor(() => client.texts().filter((t) => t.type === 'init').length === 3, 3000, 'a/v init');
    const both = client.texts().filter((t) => t.type === 'init')[2]!;
    if (both.type !== 'init') throw new Error('unreachable');
    expect(both.tracks.map((t) => t.kind)).toEqual(['video', 'audio']);
    client.ws.close();
  });

  it('sends end and closes 1000 when the publish ends', async () => {
    const { location } = await publish('wsend');
    const client = connect(`${wsBase}/ws/wsend`);
    await waitFor(() => client.binaries().length > 3, 5000, 'fragments');
    await fetch(`${base}${location}`, { method: 'DELETE' });
    await waitFor(() => client.closed.code !== undefined, 3000, 'closed');
    expect(client.closed.code).toBe(1000);
    expect(client.texts().at(-1)).toEqual({ type: 'end', reason: expect.any(String) });
  });
});
