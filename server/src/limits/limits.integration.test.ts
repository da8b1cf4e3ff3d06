import { readFileSync } from 'node:fs';
import { ErrorCodes, type ErrorBody } from '@brume/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RelayHarness } from '../testing/relay-harness';

const fixture = (name: string) =>
  readFileSync(new URL(`../webrtc/fixtures/${name}`, import.meta.url), 'utf8');
const WHIP_OFFER = fixture('chromium-whip-offer.sdp');
const WHEP_OFFER = fixture('chromium-whep-offer.sdp');

let relay: RelayHarness | undefined;

afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

async function post(path: string, body: string): Promise<Response> {
  return fetch(`${relay!.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/sdp' },
    body,
  });
}

async function expectCapacity(response: Response, message: RegExp): Promise<void> {
  expect(response.status).toBe(503);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  const { error } = (await response.json()) as ErrorBody;
  expect(error.code).toBe(ErrorCodes.overCapacity);
  expect(error.message).toMatch(message);
}

/** The HTTP status of a refused upgrade, or 101 when the socket opened (then closed by us). */
function upgradeStatus(path: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${relay!.base.replace('http', 'ws')}${path}`);
    ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', () => {});
  });
}

describe('limits at a listening relay', () => {
  it('publishers and viewers: 503 with Retry-After past the limit, a slot back when a viewer leaves', async () => {
    relay = await RelayHarness.start({ limits: { publishers: 1, viewersPerStream: 1, viewersTotal: 5 } });
    await relay.publish('a');
    await expectCapacity(await post('/whip/b', WHIP_OFFER), /limit of 1 publishers/);

    const viewer = await post('/whep/a', WHEP_OFFER);
    expect(viewer.status).toBe(201);
    await expectCapacity(await post('/whep/a', WHEP_OFFER), /stream a has its limit of 1 viewers/);
    expect(await upgradeStatus('/ws/a')).toBe(503);
    await expectCapacity(await fetch(`${relay.base}/a.mp4`), /limit of 1 viewers/);

    // The WHEP viewer leaves: its slot goes to a progressive viewer.
    expect((await fetch(`${relay.base}${viewer.headers.get('location')}`, { method: 'DELETE' })).status).toBe(
      200,
    );
    const mp4 = await fetch(`${relay.base}/a.mp4`);
    expect(mp4.status).toBe(200);
    await expectCapacity(await fetch(`${relay.base}/a.ts`), /limit of 1 viewers/);
    await mp4.body?.cancel();
    await expect.poll(() => relay!.server.admission.viewers.count('a')).toBe(0);
    expect(await upgradeStatus('/ws/a')).toBe(101);
  });

  it('concurrent blocking playlist requests past the limit are refused, not held', async () => {
    relay = await RelayHarness.start({ limits: { blockingPlaylistRequests: 1 } });
    await relay.publish('a');
    const playlist = await fetch(`${relay.base}/hls/a/video.m3u8`);
    expect(playlist.status).toBe(200);
    const lines = (await playlist.text()).trim().split('\n');
    const first = Number(lines.find((line) => line.startsWith('#EXT-X-MEDIA-SEQUENCE:'))?.split(':')[1]);
    const next = first + lines.filter((line) => line && !line.startsWith('#')).length + 1;
    const held = fetch(`${relay.base}/hls/a/video.m3u8?_HLS_msn=${next}`);
    // The first request is waiting (a segment two ahead takes seconds): the second is refused.
    await expect.poll(() => relay!.server.admission.playlists.size, { timeout: 2000 }).toBe(1);
    await expectCapacity(await fetch(`${relay.base}/hls/a/video.m3u8?_HLS_msn=${next}`), /playlist requests/);
    expect((await held).status).toBe(200);
  });
});
