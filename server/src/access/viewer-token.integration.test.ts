import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ErrorCodes } from '@brume/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RTCPeerConnection } from 'werift';
import { WebSocket } from 'ws';
import type { UserNewPayload } from './viewer-gate';
import { RelayHarness } from '../testing/relay-harness';
import { createViewer, fullOffer, postOffer, waitFor } from '../testing/werift-client';
import { signViewerToken } from './viewer-token';

const SECRET = 'integration-secret';
const STREAM = 'live+alice';
const HOUR = 3_600_000;

/** The status and error code of a response; the body is read (and so the response released). */
async function outcome(response: Response): Promise<{ status: number; code?: string; message?: string }> {
  const text = await response.text();
  if (response.status < 400) return { status: response.status };
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  return { status: response.status, code: body.error.code, message: body.error.message };
}

/** Status of a GET that may stream forever: headers only, then the body is dropped. */
async function headStatus(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  if (response.status < 400) {
    abort.abort();
    return { status: response.status };
  }
  return outcome(response);
}

/** The HTTP status a WebSocket upgrade gets: 101 when it opens, else the refusal's. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/**
 * Every URI a playlist lists, in tags (`URI="..."`) and on its own lines, but for `EXT-X-GAP`
 * segments (numbers the segmenter skipped: listed, never served, and never fetched by players).
 */
function playlistUris(playlist: string): string[] {
  const uris: string[] = [];
  let gap = false;
  for (const line of playlist.split('\n')) {
    if (line === '') continue;
    if (line === '#EXT-X-GAP') gap = true;
    if (!line.startsWith('#')) {
      if (!gap) uris.push(line);
      gap = false;
    }
    for (const match of line.matchAll(/URI="([^"]+)"/g)) uris.push(match[1]!);
  }
  return uris;
}

describe('viewer tokens on every output', () => {
  let harness: RelayHarness;
  let base: string;
  let good: string;
  let recordingDir = '';
  const peers: RTCPeerConnection[] = [];
  const now = Date.now();
  const bad = {
    garbage: 'not-a-token',
    forged: signViewerToken('another-secret', { stream: 'live', expiresAtMs: now + HOUR }),
    expired: signViewerToken(SECRET, { stream: 'live', expiresAtMs: now - 1000 }),
    otherStream: signViewerToken(SECRET, { stream: 'live+bob', expiresAtMs: now + HOUR }),
  };

  beforeAll(async () => {
    recordingDir = mkdtempSync(path.join(tmpdir(), 'brume-viewer-token-'));
    harness = await RelayHarness.start({
      httpViewerWindowMs: 60_000,
      recording: { dir: recordingDir, streams: [], segmentMs: 60_000 },
    });
    base = harness.base;
    harness.server.configStore.update((draft) => {
      draft.auth = { viewerTokenSecret: SECRET };
      draft.streams = { live: { auth: { viewerToken: true } } };
    });
    // Scoped to the base name: it opens every `live+...` stream.
    good = signViewerToken(SECRET, { stream: 'live', expiresAtMs: now + HOUR });
    await harness.publish(STREAM);
  }, 30_000);

  afterAll(async () => {
    await Promise.all(peers.splice(0).map((pc) => pc.close()));
    await harness?.close();
    rmSync(recordingDir, { recursive: true, force: true });
  });

  const withQuery = (path: string, token: string) =>
    `${base}${path}${path.includes('?') ? '&' : '?'}token=${token}`;

  it('HTTP outputs: 401 without a token, 403 with a bad one (saying why), 2xx with a good one', async () => {
    // The packager and the DVR window need a moment of media for playlists and clips.
    const warm = await fetch(withQuery(`/hls/${STREAM}/index.m3u8`, good));
    expect(warm.status).toBe(200);
    await warm.text();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const paths = [
      `/hls/${STREAM}/index.m3u8`,
      `/hls/${STREAM}/video.m3u8`,
      `/dash/${STREAM}/index.mpd`,
      `/${STREAM}.mp4`,
      `/${STREAM}.ts`,
      `/clip/${STREAM}.mp4?start=-1s`,
    ];
    for (const path of paths) {
      const missing = await outcome(await fetch(`${base}${path}`));
      expect(missing, path).toMatchObject({ status: 401, code: ErrorCodes.viewerTokenRequired });
      for (const [kind, token] of Object.entries(bad)) {
        const refused = await outcome(await fetch(withQuery(path, token)));
        expect(refused, `${path} ${kind}`).toMatchObject({
          status: 403,
          code: ErrorCodes.viewerTokenInvalid,
        });
      }
      expect((await headStatus(withQuery(path, good))).status, path).toBe(200);
      expect((await headStatus(`${base}${path}`, { Authorization: `Bearer ${good}` })).status, path).toBe(
        200,
      );
    }
    const messages = await Promise.all(
      Object.values(bad).map(
        async (token) => (await outcome(await fetch(withQuery(paths[0]!, token)))).message,
      ),
    );
    expect(messages).toEqual([
      expect.stringContaining('malformed'),
      expect.stringContaining('signature'),
      expect.stringContaining('expired'),
      expect.stringContaining('another stream'),
    ]);
  }, 30_000);

  it('recording files: 401 / 403, and served with a token', async () => {
    expect((await fetch(`${base}/api/streams/${STREAM}/recording`, { method: 'POST' })).status).toBe(201);
    await waitFor(() => harness.server.recordings.isRecording(STREAM), 2000, 'recording');
    let url: string | undefined;
    const deadline = Date.now() + 5000;
    while (!url && Date.now() < deadline) {
      const { recordings } = (await (await fetch(`${base}/api/recordings`)).json()) as {
        recordings: { stream: string; url: string }[];
      };
      url = recordings.find((recording) => recording.stream === STREAM)?.url;
      if (!url) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(url).toBeDefined();
    expect(await outcome(await fetch(url!))).toMatchObject({
      status: 401,
      code: ErrorCodes.viewerTokenRequired,
    });
    expect((await outcome(await fetch(`${url}?token=${bad.expired}`))).status).toBe(403);
    const ranged = await fetch(`${url}?token=${good}`, { headers: { Range: 'bytes=0-7' } });
    expect(ranged.status).toBe(206);
    expect((await ranged.arrayBuffer()).byteLength).toBe(8);
    expect((await fetch(`${base}/api/streams/${STREAM}/recording`, { method: 'DELETE' })).status).toBe(200);
  }, 20_000);

  it('WHEP: 401 / 403 before the offer is read, 201 with ?token= or Bearer', async () => {
    expect(
      await outcome(await postOffer(`${base}/whep/${STREAM}`, 'v=0\r\n').then(toResponse)),
    ).toMatchObject({
      status: 401,
      code: ErrorCodes.viewerTokenRequired,
    });
    const forged = await postOffer(`${base}/whep/${STREAM}?token=${bad.forged}`, 'v=0\r\n');
    expect(forged.status).toBe(403);
    const expired = await postOffer(`${base}/whep/${STREAM}`, 'v=0\r\n', {
      Authorization: `Bearer ${bad.expired}`,
    });
    expect(expired.status).toBe(403);
    for (const viaHeader of [false, true]) {
      const viewer = createViewer();
      peers.push(viewer);
      const answer = await postOffer(
        viaHeader ? `${base}/whep/${STREAM}` : `${base}/whep/${STREAM}?token=${good}`,
        await fullOffer(viewer),
        viaHeader ? { Authorization: `Bearer ${good}` } : {},
      );
      expect(answer.status).toBe(201);
      await viewer.setRemoteDescription({ type: 'answer', sdp: answer.body });
      await waitFor(() => viewer.connectionState === 'connected', 5000, 'WHEP viewer connected');
    }
  }, 30_000);

  it('WebSocket /ws: the upgrade is refused 401 / 403, and opens (101) with a token', async () => {
    const ws = `${base.replace('http', 'ws')}/ws/${STREAM}`;
    expect(await upgradeStatus(ws)).toBe(401);
    expect(await upgradeStatus(`${ws}?token=${bad.expired}`)).toBe(403);
    expect(await upgradeStatus(`${ws}?token=${bad.otherStream}`)).toBe(403);
    expect(await upgradeStatus(`${ws}?token=${good}`)).toBe(101);
    expect(await upgradeStatus(ws, { Authorization: `Bearer ${good}` })).toBe(101);
  });

  it('LL-HLS: every URI the playlists list carries the token and plays; without it each is refused', async () => {
    // A subtitle track: its playlist and WebVTT files are outputs too.
    const declared = await fetch(`${base}/api/streams/${STREAM}/tracks/captions`, {
      method: 'PUT',
      body: JSON.stringify({ kind: 'subtitle', lang: 'en' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(declared.status).toBeLessThan(300);
    const multivariant = await fetch(withQuery(`/hls/${STREAM}/index.m3u8`, good));
    expect(multivariant.status).toBe(200);
    const listed = playlistUris(await multivariant.text());
    expect(listed).toEqual(
      expect.arrayContaining([
        `video.m3u8?token=${good}`,
        `audio.m3u8?token=${good}`,
        `subtitles-captions.m3u8?token=${good}`,
      ]),
    );
    const hls = new URL(`${base}/hls/${STREAM}/`);
    const mediaUris: string[] = [];
    for (const uri of listed) {
      expect(uri).toContain(`?token=${good}`);
      const response = await fetch(new URL(uri, hls));
      expect(response.status, uri).toBe(200);
      const playlist = await response.text();
      mediaUris.push(...playlistUris(playlist));
      if (!uri.startsWith('subtitles-')) expect(playlist).toMatch(/#EXT-X-MAP:URI="[^"]+\?token=/);
      expect(playlist).toMatch(/#EXT-X-PART:[^\n]*URI="[^"]+\?token=/);
      expect(playlist).toMatch(/#EXT-X-PRELOAD-HINT:[^\n]*URI="[^"]+\?token=/);
      expect(playlist).toMatch(/#EXT-X-RENDITION-REPORT:URI="(?:video|audio)\.m3u8\?token=/);
      const tokenless = (await outcome(await fetch(new URL(uri.split('?')[0]!, hls)))).status;
      expect(tokenless, uri).toBe(401);
    }
    const kinds = { init: /init\.mp4/, part: /\.\d+\.m4s/, segment: /-\d+\.m4s/, webvtt: /\.vtt/ };
    for (const [kind, pattern] of Object.entries(kinds)) {
      expect(
        mediaUris.some((uri) => pattern.test(uri)),
        kind,
      ).toBe(true);
    }
    // Every init, part, segment and preload hint (held by the server until that part is made).
    const files = new Set(mediaUris.filter((uri) => !uri.includes('.m3u8')));
    let fetched = 0;
    for (const uri of files) {
      expect(uri, uri).toContain(`?token=${good}`);
      const withToken = await fetch(new URL(uri, hls));
      const body = await withToken.text();
      expect(withToken.status, `${uri}: ${withToken.status === 200 ? '' : body}`).toBe(200);
      expect((await outcome(await fetch(new URL(uri.split('?')[0]!, hls)))).status, uri).toBe(401);
      fetched++;
    }
    expect(fetched).toBeGreaterThan(3);
  }, 30_000);

  it('LL-HLS blocking reload parses with the token beside _HLS_msn/_HLS_part', async () => {
    const playlist = await (await fetch(withQuery(`/hls/${STREAM}/video.m3u8`, good))).text();
    const sequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(playlist)?.[1]);
    const segments = playlist.split('\n').filter((line) => line.startsWith('#EXTINF')).length;
    const next = sequence + segments;
    const blocked = await fetch(withQuery(`/hls/${STREAM}/video.m3u8?_HLS_msn=${next}&_HLS_part=0`, good));
    expect(blocked.status).toBe(200);
    expect(await blocked.text()).toContain(`?token=${good}`);
    const reversed = await fetch(`${base}/hls/${STREAM}/video.m3u8?token=${good}&_HLS_msn=${next}`);
    expect(reversed.status).toBe(200);
    await reversed.text();
  }, 20_000);

  it('LL-DASH: the MPD templates carry the token; init and segments need it', async () => {
    const response = await fetch(withQuery(`/dash/${STREAM}/index.mpd`, good));
    expect(response.status).toBe(200);
    const mpd = await response.text();
    const templates = [...mpd.matchAll(/<SegmentTemplate[^>]*>/g)].map((match) => match[0]);
    expect(templates.length).toBeGreaterThanOrEqual(2);
    for (const template of templates) {
      expect(template).toMatch(new RegExp(`media="[^"]+\\?token=${good}"`));
      expect(template).toMatch(new RegExp(`initialization="[^"]+\\?token=${good}"`));
    }
    const dash = new URL(`${base}/dash/${STREAM}/`);
    const init = /initialization="([^"]+)"/.exec(templates[0]!)![1]!;
    const initResponse = await fetch(new URL(init, dash));
    expect(initResponse.status).toBe(200);
    await initResponse.arrayBuffer();
    expect((await outcome(await fetch(new URL(init.split('?')[0]!, dash)))).status).toBe(401);
    const media = /media="([^"]+)"/.exec(templates[0]!)![1]!;
    const video = await (await fetch(withQuery(`/hls/${STREAM}/video.m3u8`, good))).text();
    const lastComplete = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(video)?.[1]);
    const segment = media.replace('$Number$', String(lastComplete));
    const segmentResponse = await fetch(new URL(segment, dash));
    expect(segmentResponse.status).toBe(200);
    await segmentResponse.arrayBuffer();
    expect((await outcome(await fetch(new URL(segment.split('?')[0]!, dash)))).status).toBe(401);
  }, 20_000);

  it('stream info stays readable; with a token its sources carry it, without one it says a token is needed', async () => {
    const bare = (await (await fetch(`${base}/api/streams/${STREAM}`)).json()) as {
      sources: { url: string; protocol: string }[];
      error?: { code: string };
    };
    expect(bare.sources.length).toBeGreaterThan(3);
    expect(bare.sources.every((source) => !source.url.includes('token='))).toBe(true);
    expect(bare.error?.code).toBe(ErrorCodes.viewerTokenRequired);
    const info = (await (await fetch(`${base}/api/streams/${STREAM}?token=${good}`)).json()) as typeof bare;
    expect(info.error).toBeUndefined();
    expect(info.sources.map((source) => source.protocol)).toEqual(
      bare.sources.map((source) => source.protocol),
    );
    for (const source of info.sources) expect(source.url).toMatch(new RegExp(`\\?token=${good}$`));
    const expired = (await (
      await fetch(`${base}/api/streams/${STREAM}?token=${bad.expired}`)
    ).json()) as typeof bare;
    expect(expired.error?.code).toBe(ErrorCodes.viewerTokenInvalid);
  });

  it('follows the running config: no secret → 503 auth/token-unconfigured; tokens off → open', async () => {
    const store = harness.server.configStore;
    store.update((draft) => {
      delete draft.auth;
    });
    try {
      expect(await outcome(await fetch(withQuery(`/${STREAM}.ts`, good)))).toMatchObject({
        status: 503,
        code: ErrorCodes.viewerTokenUnconfigured,
      });
      store.update((draft) => {
        draft.auth = { viewerTokenSecret: SECRET };
        draft.streams = { live: { auth: { viewerToken: false } } };
      });
      expect((await headStatus(`${base}/${STREAM}.ts`)).status).toBe(200);
    } finally {
      store.update((draft) => {
        draft.auth = { viewerTokenSecret: SECRET };
        draft.streams = { live: { auth: { viewerToken: true } } };
      });
    }
  });
});

describe('user_new on every output', () => {
  let harness: RelayHarness;
  let base: string;
  const calls: UserNewPayload[] = [];
  let answer: (payload: UserNewPayload) => Promise<boolean> = async () => true;
  const peers: RTCPeerConnection[] = [];

  beforeAll(async () => {
    harness = await RelayHarness.start({
      httpViewerWindowMs: 60_000,
      userNew: (payload) => {
        calls.push(payload);
        return answer(payload);
      },
    });
    base = harness.base;
    await harness.publish('hooked');
  }, 30_000);

  afterAll(async () => {
    await Promise.all(peers.splice(0).map((pc) => pc.close()));
    await harness?.close();
  });

  it('is not asked while the config has no user_new', async () => {
    expect((await headStatus(`${base}/hooked.mp4`)).status).toBe(200);
    expect(calls).toHaveLength(0);
  });

  it('refuses with 403 auth/viewer-refused on every output, and admits when it says yes', async () => {
    harness.server.configStore.update((draft) => {
      draft.triggers = { user_new: { url: 'http://127.0.0.1:9/hook', timeoutMs: 1000, default: 'deny' } };
    });
    answer = async (payload) => payload.token === 'let-me-in';
    const ws = `${base.replace('http', 'ws')}/ws/hooked`;
    for (const path of ['/hooked.mp4', '/hooked.ts', '/hls/hooked/index.m3u8', '/dash/hooked/index.mpd']) {
      expect(await outcome(await fetch(`${base}${path}`)), path).toMatchObject({
        status: 403,
        code: ErrorCodes.viewerRefused,
      });
      expect((await headStatus(`${base}${path}?token=let-me-in`)).status, path).toBe(200);
    }
    expect((await postOffer(`${base}/whep/hooked`, 'v=0\r\n')).status).toBe(403);
    expect(await upgradeStatus(ws)).toBe(403);
    expect(await upgradeStatus(`${ws}?token=let-me-in`)).toBe(101);
    const viewer = createViewer();
    peers.push(viewer);
    expect((await postOffer(`${base}/whep/hooked?token=let-me-in`, await fullOffer(viewer))).status).toBe(
      201,
    );
    const protocols = new Set(calls.map((call) => call.protocol));
    expect([...protocols].sort()).toEqual(['ll-dash', 'll-hls', 'mp4', 'ts', 'whep', 'ws-mp4']);
    expect(calls[0]).toMatchObject({ stream: 'hooked', ip: '127.0.0.1' });
  }, 30_000);

  it('asks once per HLS client however many requests it makes; a custom token travels in the playlists', async () => {
    calls.length = 0;
    const headers = { 'User-Agent': 'polling-client/1' };
    const multivariant = await (
      await fetch(`${base}/hls/hooked/index.m3u8?token=let-me-in`, { headers })
    ).text();
    expect(multivariant).toContain('video.m3u8?token=let-me-in');
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${base}/hls/hooked/video.m3u8?token=let-me-in`, { headers });
      expect(response.status).toBe(200);
      await response.text();
    }
    expect(calls.filter((call) => call.userAgent === 'polling-client/1')).toHaveLength(1);
  });

  it('a hook slower than its timeout gets the default answer', async () => {
    harness.server.configStore.update((draft) => {
      draft.triggers = { user_new: { url: 'http://127.0.0.1:9/hook', timeoutMs: 200, default: 'allow' } };
    });
    answer = () => new Promise(() => {});
    expect((await headStatus(`${base}/hooked.ts`)).status).toBe(200);
    harness.server.configStore.update((draft) => {
      draft.triggers = { user_new: { url: 'http://127.0.0.1:9/hook', timeoutMs: 200, default: 'deny' } };
    });
    expect(await outcome(await fetch(`${base}/hooked.ts`))).toMatchObject({ status: 403 });
  });
});

function toResponse(result: { status: number; body: string }): Response {
  return new Response(result.body, { status: result.status });
}
