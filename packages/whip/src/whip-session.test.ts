import { describe, expect, it } from 'vitest';
import { WhipError } from './whip-error';
import { WhipSession } from './whip-session';

/**
 * A stand-in for the browser's RTCPeerConnection with just the surface WhipSession uses. The real
 * one is exercised end to end in e2e/; here we pin the HTTP exchange byte for byte.
 */
class FakePeerConnection extends EventTarget {
  iceGatheringState: RTCIceGatheringState = 'gathering';
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  configuration: RTCConfiguration = {};
  restarted = 0;
  added: RTCIceCandidateInit[] = [];
  ufrag = 'local1';

  async createOffer(): Promise<RTCSessionDescriptionInit> {
    return {
      type: 'offer',
      sdp: `v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 102\r\na=mid:0\r\na=ice-ufrag:${this.ufrag}\r\na=ice-pwd:localpassword\r\n`,
    };
  }
  async setLocalDescription(d: RTCSessionDescriptionInit): Promise<void> {
    this.localDescription = { type: d.type ?? 'offer', sdp: d.sdp ?? '' };
    queueMicrotask(() => {
      this.localDescription!.sdp += 'a=candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host\r\n';
      this.iceGatheringState = 'complete';
      this.dispatchEvent(new Event('icegatheringstatechange'));
    });
  }
  async setRemoteDescription(d: RTCSessionDescriptionInit): Promise<void> {
    this.remoteDescription = { type: d.type ?? 'answer', sdp: d.sdp ?? '' };
  }
  getConfiguration(): RTCConfiguration {
    return this.configuration;
  }
  setConfiguration(c: RTCConfiguration): void {
    this.configuration = c;
  }
  restartIce(): void {
    this.restarted++;
    this.ufrag = 'local2';
    this.iceGatheringState = 'gathering';
  }
  async addIceCandidate(c: RTCIceCandidateInit): Promise<void> {
    this.added.push(c);
  }
  emitCandidate(candidate: string): void {
    const event = new Event('icecandidate') as Event & { candidate: { candidate: string } };
    event.candidate = { candidate };
    this.dispatchEvent(event);
  }
}

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

function fakeServer(handler: (call: Call) => Response): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const call: Call = {
      method: init?.method ?? 'GET',
      url: String(input),
      headers: Object.fromEntries(Object.entries((init?.headers as Record<string, string>) ?? {})),
      body: typeof init?.body === 'string' ? init.body : undefined,
    };
    calls.push(call);
    return handler(call);
  }) as typeof fetch;
  return { fetch: fetchFn, calls };
}

const ANSWER =
  'v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 102\r\na=mid:0\r\na=ice-ufrag:srv1\r\na=ice-pwd:serverpassword\r\n';

function created(extra: Record<string, string> = {}): Response {
  return new Response(ANSWER, {
    status: 201,
    headers: { 'Content-Type': 'application/sdp', Location: 'session1', ETag: '"e1"', ...extra },
  });
}

const asPc = (pc: FakePeerConnection): RTCPeerConnection => pc as unknown as RTCPeerConnection;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WhipSession', () => {
  it('POSTs the offer with its gathered candidates and a Bearer token, and applies the answer', async () => {
    const pc = new FakePeerConnection();
    const server = fakeServer(() =>
      created({
        Link: '<stun:stun.example.net>; rel="ice-server", <turn:t.example>; rel="ice-server"; username="u"; credential="c"',
      }),
    );
    const session = await WhipSession.start(asPc(pc), {
      endpoint: 'http://localhost:8080/whip/cam',
      token: 'secret',
      fetch: server.fetch,
    });
    const post = server.calls[0]!;
    expect(post.method).toBe('POST');
    expect(post.headers['Content-Type']).toBe('application/sdp');
    expect(post.headers.Authorization).toBe('Bearer secret');
    expect(post.body).toContain('a=candidate:1 1 udp');
    expect(pc.remoteDescription?.sdp).toBe(ANSWER);
    // A relative Location resolves against the endpoint.
    expect(session.resourceUrl).toBe('http://localhost:8080/whip/session1');
    expect(session.currentEtag).toBe('"e1"');
    expect(pc.configuration.iceServers).toEqual([
      { urls: 'stun:stun.example.net' },
      { urls: 'turn:t.example', username: 'u', credential: 'c' },
    ]);
  });

  it('sends no Authorization header without a token', async () => {
    const server = fakeServer(() => created());
    await WhipSession.start(asPc(new FakePeerConnection()), {
      endpoint: 'http://h/whip/a',
      fetch: server.fetch,
    });
    expect(server.calls[0]!.headers.Authorization).toBeUndefined();
  });

  it('batches late candidates into one trickle PATCH with If-Match, and DELETEs once on close', async () => {
    const pc = new FakePeerConnection();
    const server = fakeServer((call) =>
      call.method === 'POST' ? created() : new Response(null, { status: 204 }),
    );
    const session = await WhipSession.start(asPc(pc), { endpoint: 'http://h/whip/a', fetch: server.fetch });
    pc.emitCandidate('candidate:2 1 udp 1 127.0.0.1 6000 typ host');
    pc.emitCandidate('candidate:3 1 udp 1 127.0.0.1 6001 typ host');
    await sleep(80);
    const patches = server.calls.filter((c) => c.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0]!.headers['Content-Type']).toBe('application/trickle-ice-sdpfrag');
    expect(patches[0]!.headers['If-Match']).toBe('"e1"');
    expect(patches[0]!.body).toContain('a=candidate:2 1 udp');
    expect(patches[0]!.body).toContain('a=candidate:3 1 udp');
    await session.close();
    await session.close();
    const deletes = server.calls.filter((c) => c.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]!.url).toBe('http://h/whip/session1');
  });

  it('restarts ICE with If-Match "*" and applies the new remote credentials', async () => {
    const pc = new FakePeerConnection();
    const server = fakeServer((call) =>
      call.method === 'POST'
        ? created()
        : new Response(
            'a=ice-ufrag:srv2\r\na=ice-pwd:serverpassword2\r\nm=audio 9 RTP/AVP 0\r\na=mid:0\r\na=candidate:9 1 udp 1 127.0.0.1 7000 typ host\r\n',
            { status: 200, headers: { ETag: '"e2"' } },
          ),
    );
    const session = await WhipSession.start(asPc(pc), { endpoint: 'http://h/whip/a', fetch: server.fetch });
    await session.restartIce();
    const patch = server.calls.find((c) => c.method === 'PATCH')!;
    expect(patch.headers['If-Match']).toBe('*');
    expect(patch.body).toContain('a=ice-ufrag:local2');
    expect(pc.restarted).toBe(1);
    expect(pc.remoteDescription?.sdp).toContain('a=ice-ufrag:srv2');
    expect(pc.added).toEqual([{ candidate: 'candidate:9 1 udp 1 127.0.0.1 7000 typ host', sdpMid: '0' }]);
    expect(session.currentEtag).toBe('"e2"');
  });

  it('turns error answers into typed errors carrying the server code and message', async () => {
    const server = fakeServer(
      () =>
        new Response(
          JSON.stringify({ error: { code: 'whip/stream-busy', message: 'stream cam is already live' } }),
          {
            status: 409,
          },
        ),
    );
    const error = await WhipSession.start(asPc(new FakePeerConnection()), {
      endpoint: 'http://h/whip/cam',
      fetch: server.fetch,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WhipError);
    expect((error as WhipError).code).toBe('whip/conflict');
    expect((error as WhipError).serverCode).toBe('whip/stream-busy');
    expect((error as WhipError).message).toContain('already live');
  });

  it('reports an unreachable server as a network error', async () => {
    const fetchFn = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const error = await WhipSession.start(asPc(new FakePeerConnection()), {
      endpoint: 'http://h/whip/cam',
      fetch: fetchFn,
    }).catch((e: unknown) => e);
    expect((error as WhipError).code).toBe('whip/network');
  });

  it('rejects a 201 without Location', async () => {
    const server = fakeServer(() => new Response(ANSWER, { status: 201 }));
    const error = await WhipSession.start(asPc(new FakePeerConnection()), {
      endpoint: 'http://h/whip/cam',
      fetch: server.fetch,
    }).catch((e: unknown) => e);
    expect((error as WhipError).code).toBe('whip/bad-response');
  });
});

describe('WhipSession redirects', () => {
  it('lets fetch follow a 307 and resolves a relative Location against the URL that answered', async () => {
    const calls: RequestInit[] = [];
    const fetchFn = (async (_input: string | URL | Request, init?: RequestInit) => {
      calls.push(init ?? {});
      const response = created();
      // What fetch reports after following 307 to another ingest node.
      Object.defineProperty(response, 'url', { value: 'http://edge.example:8080/whip/cam' });
      return response;
    }) as typeof fetch;
    const session = await WhipSession.start(asPc(new FakePeerConnection()), {
      endpoint: 'http://origin.example/whip/cam',
      fetch: fetchFn,
    });
    expect(calls[0]?.redirect).toBe('follow');
    expect(session.resourceUrl).toBe('http://edge.example:8080/whip/session1');
  });
});
