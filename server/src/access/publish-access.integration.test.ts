import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RTCPeerConnection } from 'werift';
import { createServer, type BrumeServer } from '../index';
import { startMedia } from '../testing/test-media';
import { WebhookReceiver } from '../testing/webhook-receiver';
import {
  LOOPBACK,
  createPublisher,
  fullOffer,
  postOffer,
  waitFor,
  type TestPublisher,
} from '../testing/werift-client';

const KEY = 'publisher-key-1234';

describe('publish access control on WHIP (werift publisher, real server)', () => {
  let server: BrumeServer;
  let base: string;
  let receiver: WebhookReceiver;
  const peers: RTCPeerConnection[] = [];
  let last: TestPublisher | undefined;
  const cleanups: (() => void)[] = [];

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
    server = await createServer({
      port: 0,
      host: '127.0.0.1',
      ice: LOOPBACK,
      logLevel: 'silent',
      keyframeIntervalMs: 100,
    });
    base = await server.listen();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await Promise.all(peers.splice(0).map((pc) => pc.close()));
    await server.close();
    await receiver.close();
  });

  const newPublisher = () => {
    const publisher = createPublisher();
    peers.push(publisher.pc);
    last = publisher;
    return publisher;
  };

  const post = async (name: string, headers: Record<string, string> = {}) =>
    postOffer(`${base}/whip/${name}`, await fullOffer(newPublisher().pc), {
      'User-Agent': 'access-test',
      ...headers,
    });

  const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

  const errorOf = (body: string) => (JSON.parse(body) as { error: { code: string; message: string } }).error;

  /** A refused publish leaves nothing behind: no stream, no peer connection, no session. */
  const expectNothingFor = (name: string) => {
    expect(server.registry.get(name)).toBeUndefined();
    expect(server.relay.sessionCount).toBe(0);
    expect(server.sessions.size).toBe(0);
  };

  /** Publishes over a 201 answer and waits until the stream is live. */
  const goLive = async (answer: string, name: string) => {
    const publisher = last;
    if (!publisher) throw new Error('no publisher');
    await publisher.pc.setRemoteDescription({ type: 'answer', sdp: answer });
    await waitFor(() => publisher.pc.connectionState === 'connected', 5000, 'publisher connected');
    const { stop } = startMedia(publisher);
    cleanups.push(stop);
    await waitFor(() => server.registry.get(name)?.state === 'live', 3000, `${name} live`);
  };

  it('asks for a stream key (Bearer, wildcard aware), with a 401 challenge and nothing created', async () => {
    server.configStore.update((draft) => {
      draft.streams = { live: { auth: { publishKeys: [KEY] } } };
    });
    const missing = await post('live+alice');
    expect(missing.status).toBe(401);
    expect(errorOf(missing.body).code).toBe('auth/publish-key');
    expect(errorOf(missing.body).message).toContain('Authorization: Bearer');
    const response = await fetch(`${base}/whip/live`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', ...bearer('not-the-key') },
      body: 'v=0',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="whip", error="invalid_token"');
    expectNothingFor('live');
    expectNothingFor('live+alice');
    const noKey = await fetch(`${base}/whip/live`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp' },
    });
    expect(noKey.headers.get('www-authenticate')).toBe('Bearer realm="whip"');

    const granted = await post('live+alice', bearer(KEY));
    expect(granted.status).toBe(201);
    expect(granted.location).toMatch(/^\/whip\/live\+alice\/[0-9a-f]{32}$/);
    await goLive(granted.body, 'live+alice');

    // The session resource wants the same token.
    const session = `${base}${granted.location}`;
    const patch = (headers: Record<string, string>) =>
      fetch(session, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/trickle-ice-sdpfrag', ...headers },
        body: 'a=end-of-candidates\r\n',
      });
    expect((await patch({})).status).toBe(401);
    expect((await patch(bearer('wrong-key-0000'))).status).toBe(401);
    expect((await fetch(session, { method: 'DELETE' })).status).toBe(401);
    expect(server.registry.get('live+alice')?.state).toBe('live');
    expect([200, 204]).toContain((await patch(bearer(KEY))).status);
    expect((await fetch(session, { method: 'DELETE', headers: bearer(KEY) })).status).toBe(200);
    await waitFor(() => server.registry.get('live+alice')?.state === 'ended', 3000, 'ended');
  });

  it('refuses addresses outside allowPublishFrom (403), and follows a changed list', async () => {
    server.configStore.update((draft) => {
      draft.streams = { studio: { auth: { allowPublishFrom: ['10.0.0.0/8', '2001:db8::/32'] } } };
    });
    const refused = await post('studio+cam');
    expect(refused.status).toBe(403);
    expect(errorOf(refused.body)).toMatchObject({ code: 'auth/ip-not-allowed' });
    expect(errorOf(refused.body).message).toContain('127.0.0.1');
    expectNothingFor('studio+cam');

    server.configStore.update((draft) => {
      draft.streams = { studio: { auth: { allowPublishFrom: ['127.0.0.0/8'] } } };
    });
    const granted = await post('studio+cam');
    expect(granted.status).toBe(201);
    // No keys: the session needs no token.
    expect((await fetch(`${base}${granted.location}`, { method: 'DELETE' })).status).toBe(200);
  });

  it('push_rewrite maps a key to the stream it publishes under (JSON answer); its keys are not asked', async () => {
    receiver.plan('/push', { body: '{"stream": "live+alice"}', contentType: 'application/json' });
    server.configStore.update((draft) => {
      draft.streams = { live: { auth: { publishKeys: [KEY] } } };
      draft.triggers = { push_rewrite: { url: receiver.url('/push'), timeoutMs: 2000 } };
    });
    const granted = await post('incoming', bearer('alice-secret-token'));
    expect(granted.status).toBe(201);
    expect(granted.location).toMatch(/^\/whip\/live\+alice\/[0-9a-f]{32}$/);
    expect(receiver.to('/push')[0]?.json).toEqual({
      event: 'push_rewrite',
      time: expect.any(Number),
      stream: 'incoming',
      key: 'alice-secret-token',
      ip: '127.0.0.1',
      userAgent: 'access-test',
    });
    await goLive(granted.body, 'live+alice');
    expect(server.registry.get('incoming')).toBeUndefined();
    expect(server.sessions.list()).toEqual([
      expect.objectContaining({ stream: 'live+alice', protocol: 'whip' }),
    ]);
    // The session is held to the token it was created with, though live+alice's keys differ.
    const session = `${base}${granted.location}`;
    expect((await fetch(session, { method: 'DELETE', headers: bearer(KEY) })).status).toBe(401);
    expect((await fetch(session, { method: 'DELETE', headers: bearer('alice-secret-token') })).status).toBe(
      200,
    );
  });

  it('push_rewrite refusals: an answer that says no, a late hook with default deny, a target outside its allow-list', async () => {
    server.configStore.update((draft) => {
      draft.streams = { locked: { auth: { allowPublishFrom: ['10.0.0.0/8'] } } };
      draft.triggers = { push_rewrite: { url: receiver.url('/push'), timeoutMs: 3000, default: 'deny' } };
    });
    receiver.plan(
      '/push',
      { body: '{"allow": false, "reason": "key revoked"}', contentType: 'application/json' },
      { body: '' },
      { body: 'locked' },
      { body: '../../etc' },
    );
    const revoked = await post('incoming', bearer('old-token'));
    expect(revoked.status).toBe(403);
    expect(errorOf(revoked.body)).toEqual({
      code: 'auth/push-refused',
      message: 'publishing to incoming was refused: key revoked',
    });
    expect((await post('incoming')).status).toBe(403); // empty body: refused
    const locked = await post('incoming', bearer('some-token'));
    expect(locked.status).toBe(403);
    expect(errorOf(locked.body).code).toBe('auth/ip-not-allowed');
    const invalid = await post('incoming', bearer('some-token'));
    expect(errorOf(invalid.body).message).toContain('invalid stream name');
    // A hook slower than its timeout: the default (deny).
    server.configStore.update((draft) => {
      draft.triggers = { push_rewrite: { url: receiver.url('/push'), timeoutMs: 100, default: 'deny' } };
    });
    receiver.plan('/push', { body: 'live', delayMs: 3000 });
    const late = await post('incoming', bearer('some-token'));
    expect(late.status).toBe(403);
    expect(errorOf(late.body).message).toContain('timeout');
    for (const name of ['incoming', 'live', 'locked']) expectNothingFor(name);
  });

  it('push_rewrite: text "true" keeps the name; a failing hook with default allow lets the publish in', async () => {
    server.configStore.update((draft) => {
      draft.streams = { live: { auth: { publishKeys: [KEY] } } };
      draft.triggers = { push_rewrite: { url: receiver.url('/push'), timeoutMs: 3000, default: 'allow' } };
    });
    receiver.plan('/push', { body: 'true' }, { status: 500 });
    const kept = await post('live', bearer('hook-decides'));
    expect(kept.status).toBe(201);
    expect(kept.location).toMatch(/^\/whip\/live\//);
    expect(
      (await fetch(`${base}${kept.location}`, { method: 'DELETE', headers: bearer('hook-decides') })).status,
    ).toBe(200);
    const fallback = await post('other');
    expect(fallback.status).toBe(201);
    expect(fallback.location).toMatch(/^\/whip\/other\//);
    // Without the hook, live's keys apply again (a reloaded config file takes effect at once).
    server.configStore.update((draft) => {
      delete draft.triggers;
    });
    expect((await post('live', bearer('hook-decides'))).status).toBe(401);
  });
});
