import type { MetadataEvent, StreamInfo } from '@brume/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { RelayHarness } from '../testing/relay-harness';

describe('metadata on a werift publisher', () => {
  let relay: RelayHarness;

  beforeEach(async () => {
    relay = await RelayHarness.start();
  });

  afterEach(async () => {
    await relay.close();
  });

  it('stamps events at the media live edge, lists the track, closes its socket at the end, and a new publish starts clean', async () => {
    const { base, server } = relay;
    const { location } = await relay.publish('metacam');
    // Let the DVR ring hold some media.
    await expect
      .poll(() => server.relay.media('metacam')?.window?.lastMs ?? 0, { timeout: 5000 })
      .toBeGreaterThan(500);

    const socket = new WebSocket(`${base.replace('http', 'ws')}/api/streams/metacam/tracks/chat`);
    const closed = new Promise<[number, string]>((resolve) =>
      socket.on('close', (code, reason) => resolve([code, reason.toString()])),
    );
    const replies: unknown[] = [];
    socket.on('message', (data: Buffer) => replies.push(JSON.parse(data.toString())));
    await new Promise((resolve) => socket.once('open', resolve));

    const before = server.relay.media('metacam')!.window!;
    const response = await fetch(`${base}/api/streams/metacam/tracks/chat`, {
      method: 'POST',
      body: '{"data":"goal"}',
    });
    expect(response.status).toBe(202);
    const after = server.relay.media('metacam')!.window!;
    const { events } = (await (await fetch(`${base}/api/streams/metacam/tracks/chat`)).json()) as {
      events: MetadataEvent[];
    };
    // The newest media held when the event arrived: on the media's timeline, not the wall clock's.
    expect(events[0]!.time).toBeGreaterThanOrEqual(before.lastMs);
    expect(events[0]!.time).toBeLessThanOrEqual(after.lastMs);

    const info = (await (await fetch(`${base}/api/streams/metacam`)).json()) as StreamInfo;
    const meta = info.tracks.find((track) => track.name === 'chat');
    expect(meta).toMatchObject({ kind: 'meta', codec: 'json' });
    expect(meta!.id).toBe(
      info.tracks.filter((track) => track.kind === 'video' || track.kind === 'audio').length,
    );
    const hls = info.sources.find((source) => source.protocol === 'll-hls');
    expect(hls?.tracks).toContain(meta!.id);

    socket.send('{"data":"over the socket"}');
    await expect.poll(() => replies.length).toBe(1);
    expect(replies[0]).toEqual({ ok: true, ids: [2] });

    await fetch(`${base}${location}`, { method: 'DELETE' });
    expect(await closed).toEqual([1000, 'stream ended']);
    const ended = await fetch(`${base}/api/streams/metacam/tracks/chat`, {
      method: 'POST',
      body: '{"data":1}',
    });
    expect(ended.status).toBe(409);

    // A new publish is a new timeline: the old events and the event-made track are gone.
    await relay.publish('metacam');
    const tracks = (await (await fetch(`${base}/api/streams/metacam/tracks`)).json()) as {
      tracks: unknown[];
    };
    expect(tracks.tracks).toEqual([]);
    const again = await fetch(`${base}/api/streams/metacam/tracks/chat`, {
      method: 'POST',
      body: '{"data":"new"}',
    });
    expect(((await again.json()) as { ids: number[] }).ids).toEqual([3]);
  });
});
