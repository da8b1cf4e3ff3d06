import { readFileSync } from 'node:fs';
import { ErrorCodes, type ErrorBody, type StreamFeedMessage } from '@brume/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createServer } from '../index';
import { RelayHarness } from '../testing/relay-harness';
import { LOOPBACK } from '../testing/werift-client';

const fixture = (name: string) =>
  readFileSync(new URL(`../webrtc/fixtures/${name}`, import.meta.url), 'utf8');
const WHIP_OFFER = fixture('chromium-whip-offer.sdp');
const WHEP_OFFER = fixture('chromium-whep-offer.sdp');
const LIVE = 'live';

let relay: RelayHarness | undefined;

afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

/** The segment numbers of a media playlist and whether it ended. */
function playlistState(text: string): { lastMsn: number; ended: boolean } {
  const lines = text.trim().split('\n');
  const first = Number(lines.find((line) => line.startsWith('#EXT-X-MEDIA-SEQUENCE:'))?.split(':')[1]);
  const segments = lines.filter((line) => line && !line.startsWith('#')).length;
  return { lastMsn: first + segments - 1, ended: lines.includes('#EXT-X-ENDLIST') };
}

interface SocketLog {
  ws: WebSocket;
  texts: string[];
  binaries: number;
  closed: Promise<{ code: number; reason: string }>;
}

function openSocket(url: string): SocketLog {
  const ws = new WebSocket(url);
  const log: SocketLog = {
    ws,
    texts: [],
    binaries: 0,
    closed: new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    ),
  };
  ws.on('message', (data, isBinary) => {
    if (isBinary) log.binaries++;
    else log.texts.push(data.toString());
  });
  return log;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('graceful shutdown', () => {
  it('drains: viewers see the end, new requests get 503, participants finish, the port is free after', async () => {
    const listenersBefore = process
      .getActiveResourcesInfo()
      .filter((kind) => kind === 'TCPServerWrap').length;
    relay = await RelayHarness.start({ shutdown: { drainMs: 4000, timeoutMs: 8000 } });
    const { base, server } = relay;
    const port = Number(new URL(base).port);
    await relay.publish(LIVE);

    // Viewers: LL-HLS (a blocking reload in flight), DASH, /ws/live and the state feed.
    const first = await fetch(`${base}/hls/${LIVE}/video.m3u8`);
    expect(first.status).toBe(200);
    const { lastMsn } = playlistState(await first.text());
    expect((await fetch(`${base}/dash/${LIVE}/index.mpd`)).status).toBe(200);
    const media = openSocket(`${base.replace('http', 'ws')}/ws/${LIVE}`);
    const feed = openSocket(`${base.replace('http', 'ws')}/api/streams/${LIVE}/ws`);
    await until(() => media.binaries > 1 && feed.texts.length > 0, 5000, 'media and feed messages');
    const whep = await fetch(`${base}/whep/${LIVE}`, {
      method: 'POST',
      headers: { 'content-type': 'application/sdp' },
      body: WHEP_OFFER,
    });
    expect(whep.status).toBe(201);
    const blocked = fetch(`${base}/hls/${LIVE}/video.m3u8?_HLS_msn=${lastMsn + 1}`);

    // A recorder stand-in: it finishes only once the publish has ended.
    let recorderFinishedAt: number | undefined;
    server.onShutdown({
      name: 'fake recorder',
      drain: async () => {
        await until(() => server.registry.get(LIVE)?.state === 'ended', 2000, 'the publish to end');
        await new Promise((resolve) => setTimeout(resolve, 200));
        recorderFinishedAt = Date.now();
      },
    });

    const closing = server.close();
    // The drain lasts while players keep reading (at most drainMs): ask at once.

    // New sessions and requests during the drain: 503, Retry-After, Connection: close.
    const whip = await fetch(`${base}/whip/other`, {
      method: 'POST',
      headers: { 'content-type': 'application/sdp' },
      body: WHIP_OFFER,
    });
    expect(whip.status).toBe(503);
    expect(whip.headers.get('retry-after')).toBeTruthy();
    expect(whip.headers.get('connection')).toBe('close');
    expect(((await whip.json()) as ErrorBody).error.code).toBe(ErrorCodes.shuttingDown);
    expect((await fetch(`${base}/api/streams`)).status).toBe(503);
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/ws/${LIVE}`);
      ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      ws.on('error', () => {});
    });
    expect(refused).toBe(503);
    // The WHEP viewer's peer is closed (as on a DELETE), and so is the publisher's.
    await until(() => server.relay.sessionCount === 0, 2000, 'sessions closed');
    // The blocked playlist request is answered with the end of the playlist.
    const answer = await blocked;
    expect(answer.status).toBe(200);
    expect(playlistState(await answer.text()).ended).toBe(true);
    // A player reloading during the drain still reads it; DASH is static now.
    const reload = await fetch(`${base}/hls/${LIVE}/video.m3u8`);
    expect(playlistState(await reload.text()).ended).toBe(true);
    expect(await (await fetch(`${base}/dash/${LIVE}/index.mpd`)).text()).toContain('type="static"');

    // The WebSocket viewer is told, then closed 1001; the feed sends the final state, then 1001.
    expect(await media.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(media.texts.map((text) => (JSON.parse(text) as { type: string }).type)).toContain('end');
    expect(await feed.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    const last = JSON.parse(feed.texts.at(-1) ?? '{}') as StreamFeedMessage;
    expect(last.type === 'info' && last.info.state).toBe('ended');

    await closing;
    expect(recorderFinishedAt).toBeDefined();
    expect(server.app.server.listening).toBe(false);
    expect(process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap').length).toBe(
      listenersBefore,
    );
    // The port is free: a fresh relay binds it.
    const fresh = await createServer({ port, host: '127.0.0.1', ice: LOOPBACK, logLevel: 'silent' });
    await fresh.listen();
    await fresh.close();
  }, 30_000);

  it('closes at once when nothing is packaged and no participant is registered', async () => {
    relay = await RelayHarness.start({ shutdown: { drainMs: 5000, timeoutMs: 10_000 } });
    const startedAt = Date.now();
    await relay.server.close();
    // Not a speed assertion: the drain had nothing to wait for, so it did not sit out drainMs.
    expect(Date.now() - startedAt).toBeLessThan(5000);
  });
});
