import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WhipError } from './whip-error';
import { WhipSession } from './whip-session';

/**
 * A stand-in for the browser's RTCPeerConnection with just the surface WhipSession uses. It logs
 * the calls in order (so the tests can check what happens before setLocalDescription) and the
 * tests emit candidates by hand. The real one is exercised end to end in e2e/.
 */
class FakePeerConnection extends EventTarget {
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  configuration: RTCConfiguration = {};
  added: RTCIceCandidateInit[] = [];
  log: string[] = [];
  private offers = 0;
  rejectAnswer = false;

  async createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit> {
    this.offers++;
    this.log.push(options?.iceRestart ? 'createOffer(restart)' : 'createOffer');
    return {
      type: 'offer',
      sdp: `v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 102\r\na=mid:0\r\na=ice-ufrag:local${this.offers}\r\na=ice-pwd:localpassword${this.offers}\r\n`,
    };
  }
  async setLocalDescription(d: RTCSessionDescriptionInit): Promise<void> {
    this.log.push('setLocalDescription');
    this.localDescription = { type: d.type ?? 'offer', sdp: d.sdp ?? '' };
  }
  async setRemoteDescription(d: RTCSessionDescriptionInit): Promise<void> {
    this.log.push('setRemoteDescription');
    if (this.rejectAnswer) throw new DOMException('bad answer', 'InvalidAccessError');
    this.remoteDescription = { type: d.type ?? 'answer', sdp: d.sdp ?? '' };
  }
  getConfiguration(): RTCConfiguration {
    return this.configuration;
  }
  setConfiguration(c: RTCConfiguration): void {
    this.log.push('setConfiguration');
    this.configuration = c;
  }
  async addIceCandidate(c: RTCIceCandidateInit): Promise<void> {
    this.added.push(c);
  }
  /** A gathered candidate, or the end of gathering with `null`. */
  emitCandidate(candidate: string | null): void {
    const event = new Event('icecandidate') as Event & { candidate: { candidate: string } | null };
    event.candidate = candidate === null ? null : { candidate };
    this.dispatchEvent(event);
  }
}

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  keepalive?: boolean;
}

type Handler = (call: Call) => Response | Promise<Response>;

function fakeServer(handler: Handler): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const call: Call = {
      method: init?.method ?? 'GET',
      url: String(input),
      headers: { ...((init?.headers as Record<string, string>) ?? {}) },
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
      ...(init?.keepalive ? { keepalive: true } : {}),
    };
    calls.push(call);
    return handler(call);
  }) as typeof fetch;
  return { fetch: fetchFn, calls };
}

const ANSWER =
  'v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 102\r\na=mid:0\r\na=ice-ufrag:srv1\r\na=ice-pwd:serverpassword\r\na=candidate:8 1 udp 1 127.0.0.1 7000 typ host\r\n';

function created(extra: Record<string, string> = {}): Response {
  return new Response(ANSWER, {
    status: 201,
    headers: { 'Content-Type': 'application/sdp', Location: 'session1', ETag: '"e1"', ...extra },
  });
}

function restartReply(ufrag: string, etag: string): Response {
  return new Response(
    `a=ice-ufrag:${ufrag}\r\na=ice-pwd:serverpassword2\r\nm=audio 9 RTP/AVP 0\r\na=mid:0\r\na=candidate:9 1 udp 1 127.0.0.1 7001 typ host\r\na=end-of-candidates\r\n`,
    { status: 200, headers: { 'Content-Type': 'application/trickle-ice-sdpfrag', ETag: etag } },
  );
}

const asPc = (pc: FakePeerConnection): RTCPeerConnection => pc as unknown as RTCPeerConnection;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CANDIDATE = (n: number) => `candidate:${n} 1 udp 2130706431 127.0.0.1 ${5000 + n} typ host`;

/** A session started against a server that 201s the POST and hands PATCH/DELETE to `rest`. */
async function started(rest: Handler = () => new Response(null, { status: 204 }), token?: string) {
  const pc = new FakePeerConnection();
  const server = fakeServer((call) => (call.method === 'POST' ? created() : rest(call)));
  const session = await WhipSession.start(asPc(pc), {
    endpoint: 'http://h/whip/a',
    fetch: server.fetch,
    ...(token !== undefined ? { token } : {}),
  });
  return { pc, server, session };
}

describe('WhipSession: POST and answer', () => {
  it('POSTs the offer with a Bearer token, applies the answer and keeps the Location and ETag', async () => {
    const pc = new FakePeerConnection();
    const server = fakeServer(() => created({ Location: 'http://other.example/whip/cam/abc' }));
    const session = await WhipSession.start(asPc(pc), {
      endpoint: 'http://localhost:8080/whip/cam',
      token: 'secret',
      fetch: server.fetch,
    });
    expect(server.calls).toHaveLength(1);
    const post = server.calls[0]!;
    expect(post).toMatchObject({ method: 'POST', url: 'http://localhost:8080/whip/cam' });
    expect(post.headers['Content-Type']).toBe('application/sdp');
    expect(post.headers.Authorization).toBe('Bearer secret');
    expect(post.body).toContain('a=ice-ufrag:local1');
    expect(pc.localDescription?.sdp).toBe(post.body);
    expect(pc.remoteDescription?.sdp).toBe(ANSWER);
    // An absolute Location is taken as it is.
    expect(session.resourceUrl).toBe('http://other.example/whip/cam/abc');
    expect(session.currentEtag).toBe('"e1"');
  });

  it('resolves a relative Location against the endpoint', async () => {
    const { session } = await started();
    expect(session.resourceUrl).toBe('http://h/whip/session1');
  });

  it('applies Link ice-servers with setConfiguration before setLocalDescription (RFC 9725 §4.6)', async () => {
    const pc = new FakePeerConnection();
    pc.configuration = { bundlePolicy: 'max-bundle' };
    const server = fakeServer(() =>
      created({
        Link: '<stun:stun.example.net>; rel="ice-server", <turn:t.example?transport=udp>; rel="ice-server"; username="u"; credential="c", <https://x>; rel="urn:ietf:params:whip:ext:example"',
      }),
    );
    const session = await WhipSession.start(asPc(pc), { endpoint: 'http://h/whip/a', fetch: server.fetch });
    const servers = [
      { urls: 'stun:stun.example.net' },
      { urls: 'turn:t.example?transport=udp', username: 'u', credential: 'c' },
    ];
    expect(pc.configuration).toEqual({ bundlePolicy: 'max-bundle', iceServers: servers });
    expect(session.iceServers).toEqual(servers);
    expect(pc.log).toEqual([
      'createOffer',
      'setConfiguration',
      'setLocalDescription',
      'setRemoteDescription',
    ]);
  });

  it('leaves the configuration alone without Link headers', async () => {
    const { pc } = await started();
    expect(pc.log).toEqual(['createOffer', 'setLocalDescription', 'setRemoteDescription']);
  });

  it('sends no Authorization header without a token or with an empty one (never "Bearer undefined")', async () => {
    for (const token of [undefined, '']) {
      const { server, session } = await started(undefined, token);
      await session.close();
      expect(server.calls.map((c) => c.headers.Authorization)).toEqual([undefined, undefined]);
    }
  });

  it('rejects a 201 without Location, and one without an SDP body', async () => {
    for (const response of [
      new Response(ANSWER, { status: 201 }),
      new Response('', { status: 201, headers: { Location: '/whip/a/1' } }),
    ]) {
      const server = fakeServer(() => response);
      const error = await WhipSession.start(asPc(new FakePeerConnection()), {
        endpoint: 'http://h/whip/cam',
        fetch: server.fetch,
      }).catch((e: unknown) => e);
      expect((error as WhipError).code).toBe('whip/bad-response');
    }
  });

  it('DELETEs the new resource when the browser rejects the answer', async () => {
    const pc = new FakePeerConnection();
    pc.rejectAnswer = true;
    const server = fakeServer((call) => (call.method === 'POST' ? created() : new Response(null)));
    const error = await WhipSession.start(asPc(pc), {
      endpoint: 'http://h/whip/a',
      token: 't',
      fetch: server.fetch,
    }).catch((e: unknown) => e);
    expect((error as WhipError).code).toBe('whip/bad-response');
    expect(server.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST http://h/whip/a',
      'DELETE http://h/whip/session1',
    ]);
    expect(server.calls[1]?.headers.Authorization).toBe('Bearer t');
  });
});

describe('WhipSession: errors', () => {
  const cases: [status: number, code: WhipError['code']][] = [
    [400, 'whip/rejected'],
    [401, 'whip/unauthorized'],
    [403, 'whip/unauthorized'],
    [404, 'whip/not-found'],
    [409, 'whip/conflict'],
    [422, 'whip/rejected'],
    [500, 'whip/server'],
    [503, 'whip/server'],
  ];
  for (const [status, code] of cases) {
    it(`maps a ${status} answer to ${code}, keeping the server's code and message`, async () => {
      const server = fakeServer(
        () =>
          new Response(JSON.stringify({ error: { code: 'srv/code', message: 'the reason' } }), {
            status,
            headers: { 'Content-Type': 'application/json' },
          }),
      );
      const error = await WhipSession.start(asPc(new FakePeerConnection()), {
        endpoint: 'http://h/whip/cam',
        fetch: server.fetch,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WhipError);
      expect(error).toMatchObject({ code, status, serverCode: 'srv/code' });
      expect((error as WhipError).message).toContain('the reason');
    });
  }

  it('reports an unreachable server as a network error and an aborted POST as aborted', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const network = await WhipSession.start(asPc(new FakePeerConnection()), {
      endpoint: 'http://h/whip/cam',
      fetch: failing,
    }).catch((e: unknown) => e);
    expect((network as WhipError).code).toBe('whip/network');

    const controller = new AbortController();
    controller.abort();
    const aborted = await WhipSession.start(asPc(new FakePeerConnection()), {
      endpoint: 'http://h/whip/cam',
      fetch: failing,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect((aborted as WhipError).code).toBe('whip/aborted');
  });
});

describe('WhipSession: trickle', () => {
  it('trickles candidates gathered after the 201 in one aggregated PATCH with If-Match and Bearer', async () => {
    const { pc, server } = await started(undefined, 'k');
    pc.emitCandidate(CANDIDATE(1));
    pc.emitCandidate(CANDIDATE(2));
    pc.emitCandidate(null);
    await sleep(80);
    expect(server.calls.map((c) => c.method)).toEqual(['POST', 'PATCH']);
    const patch = server.calls[1]!;
    expect(patch.url).toBe('http://h/whip/session1');
    expect(patch.headers['Content-Type']).toBe('application/trickle-ice-sdpfrag');
    expect(patch.headers['If-Match']).toBe('"e1"');
    expect(patch.headers.Authorization).toBe('Bearer k');
    expect(patch.body).toBe(
      [
        'a=ice-ufrag:local1',
        'a=ice-pwd:localpassword1',
        'm=audio 9 RTP/AVP 0',
        'a=mid:0',
        `a=${CANDIDATE(1)}`,
        `a=${CANDIDATE(2)}`,
        'a=end-of-candidates',
        '',
      ].join('\r\n'),
    );
  });

  it('sends no If-Match when the 201 had no ETag', async () => {
    const pc = new FakePeerConnection();
    const server = fakeServer((call) =>
      call.method === 'POST'
        ? new Response(ANSWER, { status: 201, headers: { Location: '/whip/a/1' } })
        : new Response(null, { status: 204 }),
    );
    await WhipSession.start(asPc(pc), { endpoint: 'http://h/whip/a', fetch: server.fetch });
    pc.emitCandidate(CANDIDATE(1));
    await sleep(80);
    expect(server.calls[1]?.headers['If-Match']).toBeUndefined();
  });

  for (const status of [405, 422, 501]) {
    it(`stops trickling after a ${status}, without failing the session`, async () => {
      const { pc, server, session } = await started(() => new Response(null, { status }));
      pc.emitCandidate(CANDIDATE(1));
      await sleep(80);
      expect(session.canTrickle).toBe(false);
      pc.emitCandidate(CANDIDATE(2));
      await sleep(80);
      expect(server.calls.map((c) => c.method)).toEqual(['POST', 'PATCH']);
      await session.close();
      expect(server.calls.at(-1)?.method).toBe('DELETE');
    });
  }

  it('keeps trickling after a lost PATCH (network error)', async () => {
    let fail = true;
    const { pc, server } = await started(() => {
      if (fail) {
        fail = false;
        throw new TypeError('fetch failed');
      }
      return new Response(null, { status: 204 });
    });
    pc.emitCandidate(CANDIDATE(1));
    await sleep(80);
    pc.emitCandidate(CANDIDATE(2));
    await sleep(80);
    expect(server.calls.filter((c) => c.method === 'PATCH').map((c) => c.body?.includes('5002'))).toEqual([
      false,
      true,
    ]);
  });
});

describe('WhipSession: ICE restart', () => {
  it('PATCHes new credentials with If-Match "*" before applying them, then uses the new ETag', async () => {
    const { pc, server, session } = await started(
      (call) =>
        call.headers['If-Match'] === '*' ? restartReply('srv2', '"e2"') : new Response(null, { status: 204 }),
      'k',
    );
    pc.log = [];
    await session.restartIce();
    const restart = server.calls[1]!;
    expect(restart.method).toBe('PATCH');
    expect(restart.headers['If-Match']).toBe('*');
    expect(restart.headers['Content-Type']).toBe('application/trickle-ice-sdpfrag');
    expect(restart.headers.Authorization).toBe('Bearer k');
    expect(restart.body).toContain('a=ice-ufrag:local2\r\na=ice-pwd:localpassword2');
    // Nothing changes locally until the server agreed.
    expect(pc.log).toEqual(['createOffer(restart)', 'setLocalDescription', 'setRemoteDescription']);
    expect(pc.localDescription?.sdp).toContain('a=ice-ufrag:local2');
    expect(pc.remoteDescription?.sdp).toContain('a=ice-ufrag:srv2');
    expect(pc.remoteDescription?.sdp).not.toContain('a=candidate:8');
    expect(pc.added).toEqual([{ candidate: 'candidate:9 1 udp 1 127.0.0.1 7001 typ host', sdpMid: '0' }]);
    expect(session.currentEtag).toBe('"e2"');

    pc.emitCandidate(CANDIDATE(3));
    await sleep(80);
    const trickle = server.calls[2]!;
    expect(trickle.headers['If-Match']).toBe('"e2"');
    expect(trickle.body).toContain('a=ice-ufrag:local2');
  });

  it('drops candidates of the old generation while the restart PATCH is out', async () => {
    let release: (() => void) | undefined;
    const { pc, server, session } = await started((call) =>
      call.headers['If-Match'] === '*'
        ? new Promise<Response>((resolve) => {
            release = () => resolve(restartReply('srv2', '"e2"'));
          })
        : new Response(null, { status: 204 }),
    );
    const done = session.restartIce();
    await sleep(10);
    pc.emitCandidate(CANDIDATE(1));
    await sleep(80);
    release?.();
    await done;
    await sleep(80);
    expect(server.calls.map((c) => c.method)).toEqual(['POST', 'PATCH']);
  });

  it('applies only the reply to the last of overlapping restarts', async () => {
    const releases: (() => void)[] = [];
    let n = 0;
    const { pc, server, session } = await started((call) => {
      if (call.headers['If-Match'] !== '*') return new Response(null, { status: 204 });
      n++;
      const reply = restartReply(`srv${n + 1}`, `"e${n + 1}"`);
      return new Promise<Response>((resolve) => releases.push(() => resolve(reply)));
    });
    pc.log = [];
    const first = session.restartIce();
    await sleep(10);
    const second = session.restartIce();
    releases[0]?.();
    await first;
    // The first reply is in but superseded: not applied, though its ETag is now the server's.
    expect(pc.remoteDescription?.sdp).toContain('a=ice-ufrag:srv1');
    expect(session.currentEtag).toBe('"e2"');
    await sleep(10);
    releases[1]?.();
    await second;
    expect(server.calls.filter((c) => c.headers['If-Match'] === '*')).toHaveLength(2);
    expect(pc.remoteDescription?.sdp).toContain('a=ice-ufrag:srv3');
    expect(pc.localDescription?.sdp).toContain('a=ice-ufrag:local3');
    expect(pc.log.filter((l) => l === 'setLocalDescription')).toHaveLength(1);
    expect(session.currentEtag).toBe('"e3"');
  });

  for (const status of [405, 422, 501]) {
    it(`reports a ${status} to a restart as whip/unsupported, leaving the running ICE untouched`, async () => {
      const { pc, session } = await started(() => new Response(null, { status }));
      pc.log = [];
      const error = await session.restartIce().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'whip/unsupported', status });
      expect(session.canRestartIce).toBe(false);
      expect(pc.log).toEqual(['createOffer(restart)']);
      expect(pc.remoteDescription?.sdp).toContain('a=ice-ufrag:srv1');
      // The next attempt does not even ask.
      await expect(session.restartIce()).rejects.toMatchObject({ code: 'whip/unsupported' });
    });
  }

  it('reports a restart of a resource the server forgot as whip/not-found', async () => {
    const { session } = await started(() => new Response(null, { status: 404 }));
    await expect(session.restartIce()).rejects.toMatchObject({ code: 'whip/not-found', status: 404 });
  });

  it('rejects a 200 without credentials', async () => {
    const { session } = await started(() => new Response('a=mid:0\r\n', { status: 200 }));
    await expect(session.restartIce()).rejects.toMatchObject({ code: 'whip/bad-response' });
  });
});

describe('WhipSession: DELETE', () => {
  it('DELETEs the resource once, with Bearer and keepalive, and stops trickling', async () => {
    const { pc, server, session } = await started(() => new Response(null, { status: 200 }), 'k');
    await session.close();
    await session.close();
    pc.emitCandidate(CANDIDATE(1));
    await sleep(80);
    expect(server.calls.slice(1)).toEqual([
      {
        method: 'DELETE',
        url: 'http://h/whip/session1',
        headers: { Authorization: 'Bearer k' },
        keepalive: true,
      },
    ]);
    await expect(session.restartIce()).rejects.toBeInstanceOf(WhipError);
  });

  it('deleteResource DELETEs a left-over resource with the token and never throws', async () => {
    const server = fakeServer(() => new Response(null, { status: 404 }));
    expect(await WhipSession.deleteResource('http://h/whip/a/old', { token: 'k', fetch: server.fetch })).toBe(
      404,
    );
    expect(server.calls[0]).toMatchObject({ method: 'DELETE', headers: { Authorization: 'Bearer k' } });
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    expect(await WhipSession.deleteResource('http://h/whip/a/old', { fetch: failing })).toBeUndefined();
  });
});

describe('WhipSession redirects (a real HTTP server)', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('follows a 307 once, keeping method, body and Bearer, and resolves Location against the final URL', async () => {
    const seen: { method?: string; url?: string; auth?: string; body: string }[] = [];
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
        if (req.url === '/whip/cam') {
          res.writeHead(307, { Location: '/ingest/node2/whip/cam' }).end();
        } else {
          res
            .writeHead(201, { Location: 'res1', ETag: '"x"', 'Content-Type': 'application/sdp' })
            .end(ANSWER);
        }
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const session = await WhipSession.start(asPc(new FakePeerConnection()), {
      endpoint: `http://127.0.0.1:${port}/whip/cam`,
      token: 'k',
    });
    expect(seen.map((s) => `${s.method} ${s.url} ${s.auth}`)).toEqual([
      'POST /whip/cam Bearer k',
      'POST /ingest/node2/whip/cam Bearer k',
    ]);
    expect(seen[1]?.body).toBe(seen[0]?.body);
    expect(seen[1]?.body).toContain('a=ice-ufrag:local1');
    expect(session.resourceUrl).toBe(`http://127.0.0.1:${port}/ingest/node2/whip/res1`);
  });
});
