import type { AdminConfig, AdminStreamList, ConfigInvalidBody } from '@brume/protocol';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyViewerToken } from '../access/viewer-token';
import { createServer, type BrumeServer } from '../index';
import { LOOPBACK } from '../testing/werift-client';

const TOKEN = 'admin-api-test-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

let server: BrumeServer | undefined;
const directories: string[] = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  await Promise.all(
    directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })),
  );
});

async function start(configText?: string): Promise<{ server: BrumeServer; file?: string }> {
  let file: string | undefined;
  if (configText !== undefined) {
    const directory = await mkdtemp(path.join(tmpdir(), 'brume-admin-it-'));
    directories.push(directory);
    file = path.join(directory, 'brume.yaml');
    await writeFile(file, configText);
  }
  server = await createServer({
    port: 0,
    host: '127.0.0.1',
    ice: LOOPBACK,
    logLevel: 'silent',
    ...(file ? { configFile: file } : {}),
  });
  return { server, ...(file ? { file } : {}) };
}

/** Resolves when the config store next writes its file. */
function nextSave(server: BrumeServer): Promise<void> {
  return new Promise((resolve) => {
    const off = server.configStore.events.on('saved', () => {
      off();
      resolve();
    });
  });
}

/** Every route the admin token guards, with a method that reaches it. */
const GUARDED: { method: 'GET' | 'POST' | 'DELETE' | 'PUT'; url: string }[] = [
  { method: 'GET', url: '/api/admin/streams' },
  { method: 'GET', url: '/api/admin/sessions' },
  { method: 'GET', url: '/api/admin/config' },
  { method: 'DELETE', url: '/api/admin/sessions/nobody' },
  { method: 'GET', url: '/api/sessions' },
  { method: 'GET', url: '/metrics' },
  { method: 'POST', url: '/api/streams/quiet/recording' },
  { method: 'DELETE', url: '/api/streams/quiet/recording' },
];

describe('admin API access', () => {
  it('with an admin token: 401 and WWW-Authenticate without it or with a wrong one, from loopback too', async () => {
    const { server } = await start(`auth:\n  adminToken: ${TOKEN}\n`);
    for (const { method, url } of GUARDED) {
      const missing = await server.app.inject({ method, url });
      expect(missing.statusCode, `${method} ${url}`).toBe(401);
      expect(missing.headers['www-authenticate']).toBe('Bearer realm="brume"');
      expect(missing.json()).toMatchObject({ error: { code: 'admin/unauthorized' } });

      const wrong = await server.app.inject({
        method,
        url,
        headers: { authorization: 'Bearer not-the-token' },
      });
      expect(wrong.statusCode, `${method} ${url}`).toBe(401);
      expect(wrong.headers['www-authenticate']).toContain('invalid_token');

      // Past the guard: the route's own answer (200, or 404/409 for what does not exist).
      const right = await server.app.inject({ method, url, headers: auth, remoteAddress: '203.0.113.7' });
      expect(right.statusCode, `${method} ${url}`).not.toBe(401);
      expect(right.statusCode, `${method} ${url}`).toBeLessThan(500);
    }
    expect((await server.app.inject({ url: '/metrics', headers: auth })).body).toContain('brume_publishers');
    // Unknown admin paths are guarded too (401, not 404).
    expect((await server.app.inject({ url: '/api/admin/nothing' })).statusCode).toBe(401);
    expect((await server.app.inject({ url: '/api/admin/nothing', headers: auth })).statusCode).toBe(404);
    // Public: stats, stream list and info, recordings list; preflights.
    for (const url of ['/api/stats', '/api/streams', '/api/streams/quiet', '/api/recordings']) {
      expect((await server.app.inject({ url, remoteAddress: '203.0.113.7' })).statusCode, url).toBe(200);
    }
    expect((await server.app.inject({ method: 'OPTIONS', url: '/api/admin/streams' })).statusCode).toBe(204);
  });

  it('reads the token per request: a change of the config applies to the next request', async () => {
    const { server } = await start(`auth:\n  adminToken: ${TOKEN}\n`);
    expect((await server.app.inject({ url: '/api/admin/config', headers: auth })).statusCode).toBe(200);
    server.configStore.update((draft) => {
      draft.auth = { adminToken: 'a-brand-new-admin-token-000' };
    });
    expect((await server.app.inject({ url: '/api/admin/config', headers: auth })).statusCode).toBe(401);
    const renewed = { authorization: 'Bearer a-brand-new-admin-token-000' };
    expect((await server.app.inject({ url: '/api/admin/config', headers: renewed })).statusCode).toBe(200);
  });

  it('without an admin token: loopback clients only, and no cross-site browser requests', async () => {
    const { server } = await start();
    for (const { method, url } of GUARDED) {
      const local = await server.app.inject({ method, url });
      expect(local.statusCode, `${method} ${url}`).not.toBe(403);
      expect(local.statusCode, `${method} ${url}`).toBeLessThan(500);
      const remote = await server.app.inject({ method, url, remoteAddress: '192.0.2.44' });
      expect(remote.statusCode, `${method} ${url}`).toBe(403);
      expect(remote.json()).toMatchObject({ error: { code: 'admin/loopback-only' } });
    }
    const mapped = await server.app.inject({ url: '/api/admin/streams', remoteAddress: '::ffff:127.0.0.1' });
    expect(mapped.statusCode).toBe(200);
    const crossSite = await server.app.inject({
      method: 'DELETE',
      url: '/api/admin/sessions/x',
      headers: { origin: 'http://evil.example' },
    });
    expect(crossSite.statusCode).toBe(403);
    const rebound = await server.app.inject({
      url: '/api/admin/config',
      headers: { host: 'evil.example:8080' },
    });
    expect(rebound.statusCode).toBe(403);
    // A real loopback connection (what `npm start` and the dashboard do).
    const base = await server.listen();
    expect((await fetch(`${base}/api/admin/streams`)).status).toBe(200);
    expect((await fetch(`${base}/api/stats`)).status).toBe(200);
  });
});

describe('admin API: stream entries and the config document', () => {
  const CONFIG = [
    '# operator notes stay',
    `auth:`,
    `  adminToken: ${TOKEN} # keep this secret`,
    'streams:',
    '  # the main channel',
    '  live:',
    '    auth:',
    '      publishKeys: [live-key-123]',
    '',
  ].join('\n');

  it('adds, replaces and removes entries; the file changes on disk with its comments', async () => {
    const { server, file } = await start(CONFIG);
    const saved = () => nextSave(server);

    const listed = (
      await server.app.inject({ url: '/api/admin/streams', headers: auth })
    ).json() as AdminStreamList;
    expect(listed.streams).toEqual([
      expect.objectContaining({
        name: 'live',
        state: 'offline',
        configuredAs: 'live',
        entry: { auth: { publishKeys: ['live-key-123'] } },
      }),
    ]);

    let written = saved();
    const created = await server.app.inject({
      method: 'PUT',
      url: '/api/admin/streams/show',
      headers: auth,
      payload: { auth: { publishKeys: ['show-key-456'], viewerToken: true }, recording: { enabled: true } },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      name: 'show',
      entry: { auth: { publishKeys: ['show-key-456'], viewerToken: true }, recording: { enabled: true } },
    });
    // Applied at once, saved shortly after.
    expect(server.settingsFor('show+guest')?.auth.publishKeys).toEqual(['show-key-456']);
    await written;
    let text = await readFile(file!, 'utf8');
    expect(text).toContain('# operator notes stay');
    expect(text).toContain('# the main channel');
    expect(text).toContain('# keep this secret');
    expect(text).toContain('show-key-456');

    const replaced = await server.app.inject({
      method: 'PUT',
      url: '/api/admin/streams/show',
      headers: auth,
      payload: {},
    });
    expect(replaced.statusCode).toBe(200);
    expect(server.configStore.document.streams?.show).toEqual({});

    written = saved();
    const removed = await server.app.inject({
      method: 'DELETE',
      url: '/api/admin/streams/show',
      headers: auth,
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toEqual({ name: 'show', removed: true });
    await written;
    text = await readFile(file!, 'utf8');
    expect(text).not.toContain('show');
    expect(text).toContain('# the main channel');

    const gone = await server.app.inject({ method: 'DELETE', url: '/api/admin/streams/show', headers: auth });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ error: { code: 'admin/stream-not-configured' } });
  });

  it('refuses an invalid entry with 422 and the path and reason, and a bad name or body with 400', async () => {
    const { server } = await start(CONFIG);
    const before = server.configStore.document;
    const invalid = await server.app.inject({
      method: 'PUT',
      url: '/api/admin/streams/bad',
      headers: auth,
      payload: { auth: { publishKeys: ['short'], colour: 'red' } },
    });
    expect(invalid.statusCode).toBe(422);
    const body = invalid.json() as ConfigInvalidBody;
    expect(body.error.code).toBe('config/invalid');
    const reasons = body.error.problems.map((problem) => problem.reason);
    expect(reasons).toContain('streams.bad.auth: unknown key "colour"');
    expect(reasons.some((reason) => reason.startsWith('streams.bad.auth.publishKeys.0:'))).toBe(true);
    expect(body.error.problems.every((problem) => problem.line > 0 && problem.column > 0)).toBe(true);
    expect(server.configStore.document).toBe(before);

    const badName = await server.app.inject({
      method: 'PUT',
      url: '/api/admin/streams/bad%20name',
      headers: auth,
      payload: {},
    });
    expect(badName.statusCode).toBe(400);
    expect(badName.json()).toMatchObject({ error: { code: 'stream/invalid-name' } });

    for (const payload of ['[]', '"whip"', 'null']) {
      const notObject = await server.app.inject({
        method: 'PUT',
        url: '/api/admin/streams/x',
        headers: { ...auth, 'content-type': 'application/json' },
        payload,
      });
      expect(notObject.statusCode, payload).toBe(400);
    }
    const malformed = await server.app.inject({
      method: 'PUT',
      url: '/api/admin/config',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"port": ',
    });
    expect(malformed.statusCode).toBe(400);
  });

  it('reads and replaces the whole document, validated and saved to the file', async () => {
    const { server, file } = await start(CONFIG);
    const current = (
      await server.app.inject({ url: '/api/admin/config', headers: auth })
    ).json() as AdminConfig;
    expect(current.file).toBe(file);
    expect(current.document).toEqual({
      auth: { adminToken: TOKEN },
      streams: { live: { auth: { publishKeys: ['live-key-123'] } } },
    });

    const invalid = await server.app.inject({
      method: 'PUT',
      url: '/api/admin/config',
      headers: auth,
      payload: { ...current.document, dvrWindowMs: -5 },
    });
    expect(invalid.statusCode).toBe(422);
    expect((invalid.json() as ConfigInvalidBody).error.problems[0]?.reason).toMatch(/^dvrWindowMs: /);

    const saved = nextSave(server);
    const next = { ...current.document, dvrWindowMs: 9000, streams: { other: {} } };
    const replaced = await server.app.inject({
      method: 'PUT',
      url: '/api/admin/config',
      headers: auth,
      payload: next,
    });
    expect(replaced.statusCode).toBe(200);
    expect((replaced.json() as AdminConfig).document).toEqual(next);
    // The live keys follow at once.
    expect(server.config.dvrWindowMs).toBe(9000);
    await saved;
    const text = await readFile(file!, 'utf8');
    expect(text).toContain('dvrWindowMs: 9000');
    expect(text).toContain('other');
    expect(text).not.toContain('live-key-123');
    expect(text).toContain('# operator notes stay');
  });

  it('without a config file, changes stay in memory and say so', async () => {
    const { server } = await start();
    const created = await server.app.inject({ method: 'PUT', url: '/api/admin/streams/mem', payload: {} });
    expect(created.statusCode).toBe(201);
    const config = (await server.app.inject({ url: '/api/admin/config' })).json() as AdminConfig;
    expect(config).toEqual({ file: null, document: { streams: { mem: {} } } });
  });
});

describe('POST /api/admin/viewer-tokens', () => {
  it('mints a token the outputs accept, behind the admin token; clear errors otherwise', async () => {
    const secret = 'a-viewer-token-secret-for-tests';
    ({ server } = await start('auth: { adminToken: admin-token-0123456789 }\n'));
    const auth = { authorization: 'Bearer admin-token-0123456789' };
    const mint = (payload: unknown, headers: Record<string, string> = auth) =>
      server!.app.inject({
        method: 'POST',
        url: '/api/admin/viewer-tokens',
        headers,
        payload: payload as object,
      });
    expect((await mint({ stream: 'live' }, {})).statusCode).toBe(401);
    // No secret yet: 503 with the way out.
    const unconfigured = await mint({ stream: 'live' });
    expect(unconfigured.statusCode).toBe(503);
    expect(unconfigured.json().error.code).toBe('auth/token-unconfigured');
    server.configStore.update((draft) => {
      draft.auth = { ...draft.auth, viewerTokenSecret: secret };
    });
    expect((await mint({ stream: '../x' })).statusCode).toBe(400);
    expect((await mint({ stream: 'live', ttlSeconds: 0 })).statusCode).toBe(400);
    expect((await mint({ stream: 'live', ttlSeconds: 1.5 })).statusCode).toBe(400);
    const before = Date.now();
    const minted = await mint({ stream: 'live', ttlSeconds: 120 });
    expect(minted.statusCode).toBe(201);
    const body = minted.json() as { stream: string; token: string; expiresAtMs: number; expiresAt: string };
    expect(body.stream).toBe('live');
    expect(body.expiresAtMs).toBeGreaterThanOrEqual(before + 120_000);
    expect(new Date(body.expiresAt).getTime()).toBe(body.expiresAtMs);
    // A `live` token opens `live+alice`, and only while it lives.
    expect(verifyViewerToken(secret, body.token, 'live+alice', Date.now()).ok).toBe(true);
    expect(verifyViewerToken(secret, body.token, 'other', Date.now()).ok).toBe(false);
    expect(verifyViewerToken(secret, body.token, 'live', body.expiresAtMs + 1).ok).toBe(false);
  });
});
