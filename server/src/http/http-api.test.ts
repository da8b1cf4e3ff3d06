import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ErrorBody, StreamInfo } from '@brume/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type BrumeServer, type ServerOptions } from '../index';
import { LOOPBACK } from '../testing/werift-client';

const fixture = (name: string) =>
  readFileSync(new URL(`../webrtc/fixtures/${name}`, import.meta.url), 'utf8');
const WHIP_OFFER = fixture('chromium-whip-offer.sdp');
const SDP = { 'content-type': 'application/sdp' };
const FRAG = { 'content-type': 'application/trickle-ice-sdpfrag' };

let emptyRoot: string;
let server: BrumeServer | undefined;

beforeAll(() => {
  emptyRoot = mkdtempSync(path.join(tmpdir(), 'brume-empty-'));
});

afterAll(() => {
  rmSync(emptyRoot, { recursive: true, force: true });
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: ServerOptions = {}): Promise<BrumeServer> {
  server = await createServer({ logLevel: 'silent', ice: LOOPBACK, staticRoot: emptyRoot, ...options });
  return server;
}

function errorOf(body: string): ErrorBody['error'] {
  return (JSON.parse(body) as ErrorBody).error;
}

describe('HTTP errors', () => {
  it('415 on a WHIP POST that is not application/sdp', async () => {
    const { app } = await start();
    for (const type of ['application/json', 'text/plain', 'text/html']) {
      const response = await app.inject({
        method: 'POST',
        url: '/whip/cam',
        headers: { 'content-type': type },
        payload: type === 'application/json' ? '{}' : 'x',
      });
      expect(response.statusCode, type).toBe(415);
      expect(errorOf(response.body).code).toBe('http/unsupported-media-type');
      expect(response.headers['access-control-allow-origin']).toBe('*');
    }
  });

  it('400 on an invalid stream name, checked before the content type and the body', async () => {
    const { app } = await start();
    const cases = [
      ['POST', '/whip/a.b'],
      ['POST', '/whep/a%20b'],
      ['GET', '/api/streams/..%2Fetc'],
      ['GET', '/api/streams/a.b/events'],
      ['DELETE', '/whip/a.b/0123'],
      ['PATCH', '/whep/x+y+z/0123'],
    ] as const;
    for (const [method, url] of cases) {
      const response = await app.inject({
        method,
        url,
        headers: { 'content-type': 'text/html' },
        payload: 'x'.repeat(70_000),
      });
      expect(response.statusCode, url).toBe(400);
      expect(errorOf(response.body).code).toBe('stream/invalid-name');
    }
  });

  it('400 sdp/malformed with what is wrong', async () => {
    const { app } = await start();
    const cases: [string, RegExp][] = [
      ['v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n', /no m= line/],
      ['', /v=0/],
      [WHIP_OFFER.replace(/a=ice-ufrag:.*\r\n/g, ''), /missing a=ice-ufrag/],
      [WHIP_OFFER.replace(/a=ice-pwd:.*\r\n/g, ''), /missing a=ice-pwd/],
    ];
    for (const [payload, message] of cases) {
      const response = await app.inject({ method: 'POST', url: '/whip/cam', headers: SDP, payload });
      expect(response.statusCode).toBe(400);
      expect(errorOf(response.body)).toMatchObject({
        code: 'sdp/malformed',
        message: expect.stringMatching(message),
      });
    }
  });

  it('422 sdp/no-usable-codec when the offer has neither H.264 mode 1 nor VP8, VP9 or AV1', async () => {
    const { app } = await start();
    const redOnly = WHIP_OFFER.replace(/^m=video (\d+) (\S+) .*$/m, 'm=video $1 $2 118 119');
    const response = await app.inject({ method: 'POST', url: '/whip/cam', headers: SDP, payload: redOnly });
    expect(response.statusCode).toBe(422);
    expect(errorOf(response.body).code).toBe('sdp/no-usable-codec');
  });

  it('400 http/bad-request on a WHIP keyframeIntervalMs out of range or not a number', async () => {
    const { app } = await start();
    for (const value of ['100', '60001', 'abc', '1.5', '']) {
      const response = await app.inject({
        method: 'POST',
        url: `/whip/cam?keyframeIntervalMs=${value}`,
        headers: SDP,
        payload: WHIP_OFFER,
      });
      expect(response.statusCode, value).toBe(400);
      expect(errorOf(response.body)).toMatchObject({
        code: 'http/bad-request',
        message: expect.stringMatching(/keyframeIntervalMs/),
      });
    }
  });

  it('413 http/body-too-large over 64 KiB', async () => {
    const { app } = await start();
    const response = await app.inject({
      method: 'POST',
      url: '/whip/cam',
      headers: SDP,
      payload: WHIP_OFFER + 'a=x-padding:'.padEnd(70_000, 'x') + '\r\n',
    });
    expect(response.statusCode).toBe(413);
    expect(errorOf(response.body).code).toBe('http/body-too-large');
  });

  it('404 session/not-found for an unknown session', async () => {
    const { app } = await start();
    const id = '0'.repeat(32);
    const del = await app.inject({ method: 'DELETE', url: `/whip/cam/${id}` });
    expect(del.statusCode).toBe(404);
    expect(errorOf(del.body).code).toBe('session/not-found');
    const patch = await app.inject({ method: 'PATCH', url: `/whep/cam/${id}`, headers: FRAG, payload: '' });
    expect(patch.statusCode).toBe(404);
    expect(errorOf(patch.body).code).toBe('session/not-found');
  });

  it('404 JSON for an unknown route', async () => {
    const { app } = await start();
    const response = await app.inject({ method: 'GET', url: '/api/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(errorOf(response.body).code).toBe('http/not-found');
  });

  it('404 stream/not-found for WHEP on a stream that is not live', async () => {
    const { app } = await start();
    const response = await app.inject({
      method: 'POST',
      url: '/whep/nobody',
      headers: SDP,
      payload: WHIP_OFFER,
    });
    expect(response.statusCode).toBe(404);
    expect(errorOf(response.body)).toEqual({ code: 'stream/not-found', message: 'stream nobody is offline' });
  });
});

describe('WHIP resource', () => {
  it('201 with answer, Location, ETag, Link; then 409, trickle 204, 412, ICE restart 200, DELETE', async () => {
    const { app, registry } = await start({
      iceServers: [
        { urls: 'stun:stun.example.net:3478' },
        { urls: 'turn:t.example.net', username: 'u', credential: 'p' },
      ],
    });
    const created = await app.inject({ method: 'POST', url: '/whip/cam', headers: SDP, payload: WHIP_OFFER });
    expect(created.statusCode).toBe(201);
    expect(created.headers['content-type']).toBe('application/sdp');
    const location = String(created.headers.location);
    expect(location).toMatch(/^\/whip\/cam\/[0-9a-f]{32}$/);
    const etag = String(created.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(created.headers.link).toEqual([
      '<stun:stun.example.net:3478>; rel="ice-server"',
      '<turn:t.example.net>; rel="ice-server"; username="u"; credential="p"; credential-type="password"',
    ]);
    expect(created.headers['access-control-expose-headers']).toMatch(/Location.*ETag.*Link/);
    // The answer keeps only the chosen codecs and offers loopback candidates only.
    expect(created.body).toMatch(/^m=video 9 UDP\/TLS\/RTP\/SAVPF 108 109\r?$/m);
    expect(created.body).toMatch(/^m=audio 9 UDP\/TLS\/RTP\/SAVPF 111\r?$/m);
    expect(created.body).toMatch(/a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/);
    expect(registry.get('cam')?.state).toBe('starting');

    const busy = await app.inject({ method: 'POST', url: '/whip/cam', headers: SDP, payload: WHIP_OFFER });
    expect(busy.statusCode).toBe(409);
    expect(errorOf(busy.body).code).toBe('whip/stream-busy');

    const trickle = await app.inject({
      method: 'PATCH',
      url: location,
      headers: FRAG,
      payload:
        'a=ice-ufrag:IxxG\r\na=ice-pwd:Hcx9gqy0Q9c3b21K+DhwZZzU\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n' +
        'a=candidate:1 1 udp 2122194687 127.0.0.1 40000 typ host\r\na=end-of-candidates\r\n',
    });
    expect(trickle.statusCode).toBe(204);

    const wrongPatchType = await app.inject({ method: 'PATCH', url: location, headers: SDP, payload: 'v=0' });
    expect(wrongPatchType.statusCode).toBe(415);

    const restartFrag =
      'a=ice-ufrag:NewU\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n' +
      'a=candidate:2 1 udp 2122194687 127.0.0.1 40001 typ host\r\n';
    const stale = await app.inject({
      method: 'PATCH',
      url: location,
      headers: { ...FRAG, 'if-match': '"not-the-etag"' },
      payload: restartFrag,
    });
    expect(stale.statusCode).toBe(412);
    expect(errorOf(stale.body).code).toBe('session/precondition-failed');

    const restart = await app.inject({
      method: 'PATCH',
      url: location,
      headers: { ...FRAG, 'if-match': '*' },
      payload: restartFrag,
    });
    expect(restart.statusCode).toBe(200);
    expect(restart.headers['content-type']).toBe('application/trickle-ice-sdpfrag');
    expect(restart.headers.etag).not.toBe(etag);
    const oldUfrag = /a=ice-ufrag:(\S+)/.exec(created.body)?.[1];
    const newUfrag = /a=ice-ufrag:(\S+)/.exec(restart.body)?.[1];
    expect(newUfrag).toBeDefined();
    expect(newUfrag).not.toBe(oldUfrag);
    expect(restart.body).toMatch(/a=candidate:.* 127\.0\.0\.1 \d+ typ host/);
    expect(restart.body).toContain('a=end-of-candidates');

    const deleted = await app.inject({ method: 'DELETE', url: location });
    expect(deleted.statusCode).toBe(200);
    expect(registry.get('cam')?.state).toBe('ended');
    expect((await app.inject({ method: 'DELETE', url: location })).statusCode).toBe(404);
  });

  it('answers CORS on the errors of media URLs, so a player on another origin can read them', async () => {
    const { app } = await start();
    for (const url of [
      '/cam.mp4',
      '/cam.ts',
      '/hls/cam/index.m3u8',
      '/dash/cam/index.mpd',
      '/hls/cam/x/video-1.m4s',
    ]) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['access-control-allow-origin'], url).toBe('*');
      expect(errorOf(response.body).code, url).toMatch(/^(stream|media)\//);
    }
  });

  it('answers CORS preflights on WHIP, WHEP, API and HLS/DASH URLs', async () => {
    const { app } = await start();
    for (const url of ['/whip/cam', '/whep/cam/0123', '/api/streams', '/hls/cam/index.m3u8', '/cam.mp4']) {
      const response = await app.inject({ method: 'OPTIONS', url });
      expect(response.statusCode, url).toBe(204);
      expect(response.headers['access-control-allow-methods']).toMatch(/POST.*PATCH.*DELETE/);
      expect(response.headers['access-control-allow-headers']).toMatch(/Authorization.*If-Match/);
      expect(response.headers['access-control-expose-headers']).toMatch(/Location.*ETag.*Link/);
    }
  });
});

describe('stream API', () => {
  it('lists streams and reports an unknown valid name as offline', async () => {
    const { app } = await start();
    expect((await app.inject('/api/streams')).json()).toEqual({ streams: [] });
    const info = (await app.inject('/api/streams/later')).json() as StreamInfo;
    expect(info).toMatchObject({ name: 'later', state: 'offline', sources: [], tracks: [] });
  });

  it('streams state over SSE and stops when the client leaves', async () => {
    const { listen, registry } = await start({ port: 0, host: '127.0.0.1' });
    const base = await listen();
    const controller = new AbortController();
    const response = await fetch(`${base}/api/streams/feed/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body?.getReader();
    let text = '';
    while (!text.includes('"state":"offline"')) {
      const chunk = await reader?.read();
      text += new TextDecoder().decode(chunk?.value);
    }
    expect(text).toMatch(/event: info\ndata: \{"type":"info","info":\{"name":"feed"/);
    expect(registry.events.listenerCount('change')).toBe(1);
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(registry.events.listenerCount('change')).toBe(0);
  });
});

describe('static files', () => {
  it('says how to build when dist is missing', async () => {
    const { app } = await start();
    const response = await app.inject('/');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('npm run build');
  });

  it('serves demo, studio, embed and public files, API routes first', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'brume-root-'));
    try {
      for (const [file, content] of [
        ['dist/demo/index.html', 'demo'],
        ['dist/studio/index.html', 'studio'],
        ['dist/embed/player.js', 'player'],
        ['dist/embed/chunk-1.js', 'chunk'],
        ['public/robots.txt', 'robots'],
      ] as const) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), content);
      }
      const { app } = await start({ staticRoot: root });
      expect((await app.inject('/')).body).toBe('demo');
      expect((await app.inject('/studio/')).body).toBe('studio');
      const redirect = await app.inject('/studio');
      expect(redirect.statusCode).toBe(301);
      expect(redirect.headers.location).toBe('/studio/');
      expect((await app.inject('/player.js')).body).toBe('player');
      expect((await app.inject('/chunk-1.js')).body).toBe('chunk');
      expect((await app.inject('/robots.txt')).body).toBe('robots');
      expect((await app.inject('/api/streams')).json()).toEqual({ streams: [] });
      expect((await app.inject('/missing.js')).statusCode).toBe(404);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
