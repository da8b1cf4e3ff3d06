import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RTCPeerConnection } from 'werift';
import { createServer, type BrumeServer, type ServerOptions } from '../index';
import { startMedia } from '../testing/test-media';
import { WebhookReceiver } from '../testing/webhook-receiver';
import { LOOPBACK, createPublisher, fullOffer, postOffer, waitFor } from '../testing/werift-client';

describe('stream and recording notifications (werift publisher, real server, test receiver)', () => {
  let server: BrumeServer | undefined;
  let base: string;
  let receiver: WebhookReceiver;
  let dir: string;
  const peers: RTCPeerConnection[] = [];
  const cleanups: (() => void)[] = [];

  const start = async (options: ServerOptions = {}) => {
    server = await createServer({
      port: 0,
      host: '127.0.0.1',
      ice: LOOPBACK,
      logLevel: 'silent',
      keyframeIntervalMs: 100,
      webhooks: { retryDelayMs: 20, requestTimeoutMs: 5000 },
      ...options,
    });
    base = await server.listen();
    return server;
  };

  /** Publishes the test media to `name` and waits until it is live; returns the session URL. */
  const publish = async (relay: BrumeServer, name: string): Promise<{ session: string; stop(): void }> => {
    const publisher = createPublisher();
    peers.push(publisher.pc);
    const whip = await postOffer(`${base}/whip/${name}`, await fullOffer(publisher.pc), {
      'User-Agent': 'notify-test',
    });
    expect(whip.status).toBe(201);
    await publisher.pc.setRemoteDescription({ type: 'answer', sdp: whip.body });
    await waitFor(() => publisher.pc.connectionState === 'connected', 5000, 'publisher connected');
    const media = startMedia(publisher);
    cleanups.push(media.stop);
    await waitFor(() => relay.registry.get(name)?.state === 'live', 3000, `${name} live`);
    return { session: `${base}${whip.location}`, stop: media.stop };
  };

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
    dir = mkdtempSync(path.join(tmpdir(), 'brume-hooks-'));
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await Promise.all(peers.splice(0).map((pc) => pc.close()));
    await server?.close();
    server = undefined;
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends stream_start when a publish goes live and stream_end with its reason, duration and bytes', async () => {
    const relay = await start();
    // Set after start: triggers are read from the running config at each event.
    relay.configStore.update((draft) => {
      draft.triggers = { stream_start: receiver.url('/start'), stream_end: [receiver.url('/end')] };
    });
    const { session } = await publish(relay, 'cam');
    await receiver.until(() => receiver.accepted('/start').length === 1, 3000, 'stream_start');
    const started = receiver.to('/start')[0]?.json;
    const publisherSession = session.slice(session.lastIndexOf('/') + 1);
    expect(started).toEqual({
      event: 'stream_start',
      time: expect.any(Number),
      stream: 'cam',
      startUnixMs: relay.registry.get('cam')?.startUnixMs,
      publisher: { ip: '127.0.0.1', userAgent: 'notify-test', session: publisherSession },
      tracks: [
        { kind: 'video', codec: 'avc1.42e01f' },
        { kind: 'audio', codec: 'opus' },
      ],
    });
    expect(receiver.to('/end')).toHaveLength(0);

    expect((await fetch(session, { method: 'DELETE' })).status).toBe(200);
    await receiver.until(() => receiver.accepted('/end').length === 1, 3000, 'stream_end');
    const ended = receiver.to('/end')[0]?.json;
    expect(ended).toMatchObject({
      event: 'stream_end',
      stream: 'cam',
      reason: 'client-closed',
      startUnixMs: started?.['startUnixMs'],
      publisher: started?.['publisher'],
    });
    expect(ended?.['durationMs']).toBeGreaterThan(0);
    expect(ended?.['bytesIn']).toBeGreaterThan(0);
    expect(receiver.to('/start')).toHaveLength(1);
  });

  it('a publisher that goes silent ends with reason timeout', async () => {
    const relay = await start({ mediaTimeoutMs: 500 });
    relay.configStore.update((draft) => {
      draft.triggers = { stream_end: receiver.url('/end') };
    });
    const { stop } = await publish(relay, 'quiet');
    stop();
    await receiver.until(() => receiver.accepted('/end').length === 1, 5000, 'stream_end');
    expect(receiver.to('/end')[0]?.json).toMatchObject({ stream: 'quiet', reason: 'timeout' });
  });

  it('delivers stream_start before stream_end to one URL even when the start needed retries', async () => {
    const relay = await start();
    relay.configStore.update((draft) => {
      draft.triggers = { stream_start: receiver.url('/events'), stream_end: receiver.url('/events') };
    });
    receiver.plan('/events', { status: 503, delayMs: 200 }, { status: 500 }, { status: 429 });
    const { session } = await publish(relay, 'order');
    expect((await fetch(session, { method: 'DELETE' })).status).toBe(200);
    await receiver.until(() => receiver.accepted('/events').length === 2, 5000, 'both events');
    expect(receiver.to('/events').map((request) => [request.json['event'], request.status])).toEqual([
      ['stream_start', 503],
      ['stream_start', 500],
      ['stream_start', 429],
      ['stream_start', 200],
      ['stream_end', 200],
    ]);
  });

  it('sends recording_done for each closed file, with its URL, and flushes stream_end on shutdown', async () => {
    const relay = await start({ recording: { dir, streams: ['rec'], segmentMs: 600_000 } });
    relay.configStore.update((draft) => {
      draft.publicUrl = 'https://live.example.com';
      draft.triggers = { recording_done: receiver.url('/recording'), stream_end: receiver.url('/end') };
    });
    await publish(relay, 'rec');
    await waitFor(() => relay.recordings.isRecording('rec'), 3000, 'recording');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // A slow receiver: shutdown still waits for the notifications (within webhooks.flushMs).
    receiver.setDefault('/end', { delayMs: 300 });
    await relay.close();
    expect(receiver.accepted('/end').map((request) => request.json['reason'])).toEqual(['shutdown']);
    const done = receiver.accepted('/recording').map((request) => request.json);
    expect(done).toHaveLength(1);
    const [file] = await relay.recordings.list();
    expect(done[0]).toEqual({
      event: 'recording_done',
      time: expect.any(Number),
      stream: 'rec',
      file: file?.file,
      url: `https://live.example.com/recordings/rec/${file?.file}`,
      startUnixMs: file?.startUnixMs,
      durationMs: expect.any(Number),
      bytes: file?.bytes,
    });
    expect(done[0]?.['durationMs']).toBeGreaterThan(500);
    expect(done[0]?.['bytes']).toBeGreaterThan(1000);
  });
});
