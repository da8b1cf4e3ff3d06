import { readFileSync } from 'node:fs';
import type { StreamInfo, StreamList } from '@brume/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelayHarness } from '../testing/relay-harness';
import { waitFor } from '../testing/werift-client';
import { hostileNameSegment, hostileQuery, hostileSdp, hostileSdpFrag } from './arbitraries';
import { rawHttp, type RawRequest, type RawResponse } from './raw-http';
import { responseProblem } from './response-checks';

const WHIP_OFFER = readFileSync(
  new URL('../webrtc/fixtures/chromium-whip-offer.sdp', import.meta.url),
  'utf8',
);
const WHEP_OFFER = readFileSync(
  new URL('../webrtc/fixtures/chromium-whep-offer.sdp', import.meta.url),
  'utf8',
);
const LIVE = 'live';
/** Bounded so the whole suite stays fast on two shared cores. */
const RUNS = 60;

/** Every HTTP route, with `{n}` where the stream name goes. */
const ROUTES: [method: string, path: string][] = [
  ['POST', '/whip/{n}'],
  ['POST', '/whep/{n}'],
  ['PATCH', '/whip/{n}/0123456789abcdef0123456789abcdef'],
  ['PATCH', '/whep/{n}/x'],
  ['DELETE', '/whip/{n}/0123456789abcdef0123456789abcdef'],
  ['DELETE', '/whep/{n}/{n}'],
  ['GET', '/api/streams/{n}'],
  ['GET', '/api/streams/{n}/events'],
  ['GET', '/api/streams/{n}/tracks'],
  ['GET', '/api/streams/{n}/tracks/{n}'],
  ['PUT', '/api/streams/{n}/tracks/{n}'],
  ['POST', '/api/streams/{n}/tracks/{n}'],
  ['POST', '/api/streams/live/tracks/{n}'],
  ['GET', '/hls/{n}/index.m3u8'],
  ['GET', '/hls/{n}/video.m3u8'],
  ['GET', '/hls/{n}/{n}.m3u8'],
  ['GET', '/hls/{n}/{n}/video-1.m4s'],
  ['GET', '/hls/live/{n}/video-init.mp4'],
  ['GET', '/dash/{n}/index.mpd'],
  ['GET', '/dash/{n}/{n}/{n}'],
  ['GET', '/{n}.mp4'],
  ['HEAD', '/{n}.mp4'],
  ['GET', '/{n}.ts'],
  ['GET', '/{n}'],
  ['OPTIONS', '/whip/{n}'],
  ['PUT', '/api/admin/streams/{n}'],
  ['DELETE', '/api/admin/streams/{n}'],
  ['POST', '/api/admin/streams/{n}/kick'],
  ['DELETE', '/api/admin/sessions/{n}'],
  ['POST', '/api/streams/{n}/recording'],
];

let relay: RelayHarness;
let port: number;
let before: { info: StreamInfo; kept: unknown };

async function request(req: RawRequest): Promise<RawResponse> {
  const response = await rawHttp(port, req);
  const problem = responseProblem(response, req.method);
  if (problem) throw new Error(`${req.method} ${req.target.slice(0, 200)}: ${problem}`);
  return response;
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`${relay.base}${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** What must not change, whatever garbage came in: the live stream's identity and stored metadata. */
async function snapshot(): Promise<{ info: StreamInfo; kept: unknown }> {
  const info = await getJson<StreamInfo>(`/api/streams/${LIVE}`);
  const kept = await getJson<unknown>(`/api/streams/${LIVE}/tracks/kept`);
  return { info, kept };
}

function identity(info: StreamInfo) {
  return {
    state: info.state,
    tracks: info.tracks.map((track) => `${track.kind} ${track.codec}`),
    sources: info.sources.map((source) => source.url),
    startUnixMs: info.timeline.startUnixMs,
  };
}

beforeAll(async () => {
  relay = await RelayHarness.start();
  port = Number(new URL(relay.base).port);
  await relay.publish(LIVE);
  // An event stamped before the first buffered keyframe is outside the DVR window once the
  // window exists (and dropped): post the one that must survive inside it.
  await waitFor(() => (relay.server.relay.media(LIVE)?.window?.lastMs ?? 0) > 0, 5000, 'a buffered keyframe');
  const posted = await fetch(`${relay.base}/api/streams/${LIVE}/tracks/kept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: { note: 'must survive the fuzzing' } }),
  });
  expect(posted.status).toBe(202);
  before = await snapshot();
}, 20_000);

afterAll(async () => {
  await relay?.close();
});

describe('fuzz: HTTP routes at a listening relay', () => {
  it('hostile stream names on every route: no 5xx, every 4xx a JSON error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), hostileNameSegment, async ([method, path], name) => {
        // The live stream's own endless outputs are exercised elsewhere.
        fc.pre(name !== LIVE);
        await request({
          method,
          target: path.replaceAll('{n}', name),
          ...(method === 'POST' || method === 'PUT' || method === 'PATCH'
            ? { headers: { 'content-type': 'application/json' }, body: '{}' }
            : {}),
        });
      }),
      { numRuns: 4 * RUNS },
    );
  });

  it('malformed WHIP and WHEP offers, with any content type', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom('whip' as const, 'whep' as const)
          .chain((kind) =>
            fc.tuple(fc.constant(kind), hostileSdp(kind === 'whip' ? WHIP_OFFER : WHEP_OFFER)),
          ),
        fc.constantFrom(LIVE, 'offline'),
        fc.constantFrom(
          'application/sdp',
          'application/SDP; charset=utf-8',
          'text/plain',
          'application/json',
          '',
        ),
        async ([kind, body], name, contentType) => {
          // WHIP only at the live stream (a good offer elsewhere rightly starts a publish).
          const response = await request({
            method: 'POST',
            target: `/${kind}/${kind === 'whip' ? LIVE : name}`,
            headers: contentType ? { 'content-type': contentType } : {},
            body,
          });
          // A mutated offer may still be a good one: a WHEP viewer then exists; end it.
          if (response.status === 201) {
            expect(kind).toBe('whep');
            await request({ method: 'DELETE', target: response.headers.location ?? '' });
          }
          // WHIP to the live stream: never a replacement of its healthy publisher.
          if (kind === 'whip') expect(response.status).not.toBe(201);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('trickle-ICE PATCHes: garbage, wrong If-Match, unknown sessions', async () => {
    const viewer = await request({
      method: 'POST',
      target: `/whep/${LIVE}`,
      headers: { 'content-type': 'application/sdp' },
      body: WHEP_OFFER,
    });
    expect(viewer.status).toBe(201);
    const whep = viewer.headers.location ?? '';
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          whep,
          `/whep/${LIVE}/ffffffffffffffffffffffffffffffff`,
          `/whip/${LIVE}/nope`,
          '/whep/offline/0',
        ),
        fc.constantFrom(undefined, '*', '"wrong"', 'W/"x"', '', '"'),
        fc.constantFrom('application/trickle-ice-sdpfrag', 'application/sdp', 'text/plain'),
        hostileSdpFrag(false),
        async (target, ifMatch, contentType, body) => {
          await request({
            method: 'PATCH',
            target,
            headers: {
              'content-type': contentType,
              ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }),
            },
            body,
          });
        },
      ),
      { numRuns: RUNS },
    );
    // ICE restarts (ufrag/pwd lines) only at sessions that do not exist.
    await fc.assert(
      fc.asyncProperty(hostileSdpFrag(true), async (body) => {
        await request({
          method: 'PATCH',
          target: `/whip/${LIVE}/00000000000000000000000000000000`,
          headers: { 'content-type': 'application/trickle-ice-sdpfrag' },
          body,
        });
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it('query parameters: LL-HLS directives, metadata ranges, clip-like and publish options', async () => {
    const targets = [
      `/hls/${LIVE}/video.m3u8`,
      `/hls/${LIVE}/audio.m3u8`,
      `/hls/${LIVE}/index.m3u8`,
      `/dash/${LIVE}/index.mpd`,
      `/api/streams/${LIVE}/tracks/kept`,
      `/api/streams/${LIVE}`,
      `/hls/offline/video.m3u8`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), hostileQuery, async (target, query) => {
        await request({ method: 'GET', target: `${target}${query}` });
      }),
      { numRuns: RUNS },
    );
  });

  it('hostile headers: content types, lengths, encodings, huge values', async () => {
    const header = fc.oneof(
      fc.tuple(
        fc.constantFrom('content-type'),
        fc.constantFrom(
          'application/json; charset=nope',
          '*/*',
          'multipart/form-data; boundary=',
          ';;;',
          'application/sdp, application/json',
        ),
      ),
      fc.tuple(
        fc.constantFrom('if-match', 'accept', 'origin', 'authorization', 'range', 'x-forwarded-for'),
        fc.string({
          maxLength: 200,
          unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        }),
      ),
      fc.tuple(
        fc.constantFrom('content-encoding'),
        fc.constantFrom('gzip', 'br', 'deflate', 'identity, gzip'),
      ),
      fc.tuple(fc.constantFrom('x-big'), fc.constantFrom('a'.repeat(8000))),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.array(header, { maxLength: 4 }),
        fc.string({ maxLength: 200 }),
        async ([method, path], headers, body) => {
          await request({
            method,
            target: path.replaceAll('{n}', 'offline'),
            headers: Object.fromEntries(headers),
            ...(method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || method === 'DELETE'
              ? {}
              : { body }),
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('bodies over the limits are 413 with a JSON error', async () => {
    const huge = 'x'.repeat(2 * 1024 * 1024);
    for (const [target, type] of [
      [`/whip/${LIVE}`, 'application/sdp'],
      [`/whep/${LIVE}`, 'application/sdp'],
      [`/api/streams/${LIVE}/tracks/kept`, 'application/json'],
    ] as const) {
      const response = await request({
        method: 'POST',
        target,
        headers: { 'content-type': type },
        body: huge,
      });
      expect(response.status, target).toBe(413);
    }
  });

  it('metadata bodies: JSON, JSON Lines, WebVTT and SRT garbage', async () => {
    const body = fc.oneof(
      fc.json(),
      fc.array(fc.json(), { maxLength: 5 }).map((lines) => lines.join('\n')),
      fc
        .array(fc.string({ maxLength: 60 }), { maxLength: 8 })
        .map((lines) => `WEBVTT\n\n${lines.join('\n')}`),
      fc
        .array(fc.tuple(fc.nat(), fc.string({ maxLength: 30 }), fc.string({ maxLength: 40 })), {
          maxLength: 5,
        })
        .map((cues) => cues.map(([n, time, text]) => `${n}\n${time}\n${text}\n`).join('\n')),
      fc.constantFrom(
        'WEBVTT\n\n00:00.000 --> 99:99:99.999\nx',
        '1\n00:00:00,000 --> 00:00:01,000\n',
        '[',
        '{"time": -1}',
        '{"time":1e309}',
        'null',
      ),
      fc.uint8Array({ maxLength: 300 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('fuzz-json', 'fuzz-subs'),
        fc.constantFrom(
          'application/json',
          'application/x-ndjson',
          'text/vtt',
          'application/x-subrip',
          'text/plain',
          '',
        ),
        fc.constantFrom('', '?time=0', '?time=-5', '?time=abc', '?time=1e20'),
        body,
        async (track, contentType, query, payload) => {
          await request({
            method: 'POST',
            target: `/api/streams/${LIVE}/tracks/${track}${query}`,
            headers: contentType ? { 'content-type': contentType } : {},
            body: payload,
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('garbage request lines and headers get a JSON 400 from the HTTP parser', async () => {
    const garbage = fc.oneof(
      fc.constantFrom(
        'GET /a b c HTTP/1.1',
        'GET /\u0000 HTTP/1.1',
        'BREW / HTCPCP/1.0',
        'GET / HTTP/9.9',
        '\u0016\u0003\u0001',
      ),
      fc
        .string({
          maxLength: 100,
          unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
        })
        .map((s) => `GET ${s} HTTP/1.1\r\nbad header\r\n`),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (line) => {
        const response = await rawHttp(port, {
          method: line,
          target: '',
          headers: { 'transfer-encoding': 'chunked, chunked' },
        });
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(responseProblem(response, 'GET')).toBeUndefined();
      }),
      { numRuns: RUNS / 3 },
    );
  });

  it('leaves the live stream intact and creates no other stream', async () => {
    const after = await snapshot();
    expect(identity(after.info)).toEqual(identity(before.info));
    expect(after.kept).toEqual(before.kept);
    const list = await getJson<StreamList>('/api/streams');
    expect(list.streams.map((stream) => stream.name)).toEqual([LIVE]);
  });
});
