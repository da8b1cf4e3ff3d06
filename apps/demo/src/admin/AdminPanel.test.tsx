// @vitest-environment happy-dom
import type { AdminSession, AdminStream, AdminStreamEntry } from '@brume/protocol';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminPanel } from './AdminPanel';
import { ADMIN_TOKEN_KEY, AdminStore } from './admin-store';

afterEach(() => cleanup());

const TOKEN = 'the-admin-token-0123456789';

function session(overrides: Partial<AdminSession>): AdminSession {
  return {
    id: 'x',
    stream: 'live',
    protocol: 'whep',
    role: 'viewer',
    ip: '192.0.2.10',
    userAgent: 'Chrome/140',
    startedAt: Date.now() - 65_000,
    bytes: 2048,
    kickable: true,
    ...overrides,
  };
}

interface Call {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

/** Just enough of the admin API, in memory: a token (or none, as on loopback), sessions, entries. */
function fakeServer(options: { token?: string; forbidden?: boolean } = {}) {
  const calls: Call[] = [];
  const entries = new Map<string, AdminStreamEntry>([['live', { auth: { publishKeys: ['live-key-123'] } }]]);
  let sessions: AdminSession[] = [
    session({ id: 'pub', role: 'publisher', protocol: 'whip', userAgent: 'OBS' }),
    session({ id: 'v-whep', protocol: 'whep' }),
    session({ id: 'v-hls', protocol: 'll-hls', kickable: false, ip: '198.51.100.7' }),
  ];
  let recording = false;
  let ended = false;
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const error = (status: number, code: string, message: string, extra: object = {}) =>
    json(status, { error: { code, message, ...extra } });

  const streams = (): AdminStream[] => {
    const names = [...new Set(['live', ...entries.keys()])].sort();
    return names.map((name) => {
      const entry = entries.get(name);
      const own = sessions.filter((s) => s.stream === name);
      const publisher = own.find((s) => s.role === 'publisher');
      const viewers = own.filter((s) => s.role === 'viewer');
      const live = name === 'live' && !ended;
      return {
        name,
        state: live ? 'live' : name === 'live' ? 'ended' : 'offline',
        ...(entry ? { entry } : {}),
        ...(publisher ? { publisher } : {}),
        ...(ended && name === 'live' ? { endReason: 'kicked' } : {}),
        viewers: { total: viewers.length },
        recording: name === 'live' && recording,
      };
    });
  };

  const fetch = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const method = init.method ?? 'GET';
    const authorization = (init.headers as Record<string, string> | undefined)?.Authorization;
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push({ method, path, authorization, body });
    if (options.forbidden)
      return error(403, 'admin/loopback-only', 'the admin API answers this machine only');
    if (options.token !== undefined && authorization !== `Bearer ${options.token}`) {
      return error(401, 'admin/unauthorized', 'wrong admin token');
    }
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/api/admin/streams') return json(200, { streams: streams() });
    if (method === 'GET' && path === '/api/admin/sessions') return json(200, { sessions });
    if (method === 'DELETE' && (match = /^\/api\/admin\/sessions\/(.+)$/.exec(path))) {
      const target = sessions.find((s) => s.id === decodeURIComponent(match![1]!));
      if (!target) return error(404, 'session/not-found', 'no such session');
      if (!target.kickable) return error(409, 'admin/not-kickable', 'request-based');
      sessions = sessions.filter((s) => s !== target);
      return json(200, { kicked: true });
    }
    if (method === 'POST' && path === '/api/admin/streams/live/kick') {
      sessions = sessions.filter((s) => s.stream !== 'live');
      ended = true;
      return json(200, { kicked: true });
    }
    if ((match = /^\/api\/streams\/live\/recording$/.exec(path))) {
      if (method === 'POST' && recording)
        return error(409, 'recording/active', 'live is already being recorded');
      recording = method === 'POST';
      return json(method === 'POST' ? 201 : 200, { recording });
    }
    if (method === 'PUT' && (match = /^\/api\/admin\/streams\/(.+)$/.exec(path))) {
      const entry = body as AdminStreamEntry;
      if ((entry.auth?.publishKeys ?? []).some((key) => key.length < 8)) {
        return error(422, 'config/invalid', 'invalid', {
          problems: [
            {
              line: 3,
              column: 9,
              reason: `streams.${match[1]}.auth.publishKeys.0: must NOT have fewer than 8 characters`,
            },
          ],
        });
      }
      entries.set(decodeURIComponent(match[1]!), entry);
      return json(201, { name: match[1], entry });
    }
    if (method === 'DELETE' && (match = /^\/api\/admin\/streams\/(.+)$/.exec(path))) {
      entries.delete(decodeURIComponent(match[1]!));
      return json(200, { removed: true });
    }
    return error(404, 'http/not-found', `no route for ${method} ${path}`);
  };
  return { fetch, calls, entries };
}

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

function renderPanel(server: ReturnType<typeof fakeServer>, storage = memoryStorage()) {
  // A long interval: the tests drive refreshes through actions, never through the clock.
  render(
    <AdminPanel createStore={() => new AdminStore({ fetch: server.fetch, storage, intervalMs: 60_000 })} />,
  );
  return storage;
}

const panel = () => screen.getByTestId('admin-panel');

describe('AdminPanel sign-in', () => {
  it('asks for the token on 401, shows a wrong one, signs in with the right one, and signs out', async () => {
    const server = fakeServer({ token: TOKEN });
    const storage = renderPanel(server);
    await waitFor(() => expect(panel().dataset.access).toBe('signed-out'));

    fireEvent.change(screen.getByTestId('admin-token-input'), { target: { value: 'nope' } });
    fireEvent.click(screen.getByTestId('admin-sign-in-button'));
    await waitFor(() =>
      expect(screen.getByTestId('admin-sign-in-error').textContent).toBe('Wrong admin token.'),
    );
    expect(storage.items.has(ADMIN_TOKEN_KEY)).toBe(false);

    fireEvent.change(screen.getByTestId('admin-token-input'), { target: { value: ` ${TOKEN} ` } });
    fireEvent.click(screen.getByTestId('admin-sign-in-button'));
    await waitFor(() => expect(panel().dataset.access).toBe('signed-in'));
    expect(storage.items.get(ADMIN_TOKEN_KEY)).toBe(TOKEN);
    expect(server.calls.at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);

    fireEvent.click(screen.getByTestId('admin-sign-out'));
    await waitFor(() => expect(panel().dataset.access).toBe('signed-out'));
    expect(storage.items.has(ADMIN_TOKEN_KEY)).toBe(false);
    expect(screen.queryByTestId('admin-stream')).toBeNull();
  });

  it('uses the token this tab kept, and drops it when the server no longer takes it', async () => {
    const server = fakeServer({ token: TOKEN });
    renderPanel(server, memoryStorage({ [ADMIN_TOKEN_KEY]: TOKEN }));
    await waitFor(() => expect(panel().dataset.access).toBe('signed-in'));

    cleanup();
    const stale = memoryStorage({ [ADMIN_TOKEN_KEY]: 'an-old-token-0000000' });
    renderPanel(fakeServer({ token: TOKEN }), stale);
    await waitFor(() => expect(panel().dataset.access).toBe('signed-out'));
    expect(screen.getByTestId('admin-sign-in-error').textContent).toMatch(/no longer accepted/);
    expect(stale.items.has(ADMIN_TOKEN_KEY)).toBe(false);
  });

  it('needs no token where the server lets its own machine in, and says why it refuses others', async () => {
    renderPanel(fakeServer());
    await waitFor(() => expect(panel().dataset.access).toBe('signed-in'));
    expect(within(panel()).getByText('local access')).toBeTruthy();
    expect(screen.queryByTestId('admin-sign-out')).toBeNull();

    cleanup();
    renderPanel(fakeServer({ forbidden: true }));
    await waitFor(() => expect(panel().dataset.access).toBe('forbidden'));
    expect(screen.getByTestId('admin-access-error').textContent).toContain('this machine only');
  });
});

describe('AdminPanel signed in', () => {
  it('lists the publisher and viewers with protocol, address, agent, duration and bytes; kicks them', async () => {
    const server = fakeServer({ token: TOKEN });
    renderPanel(server, memoryStorage({ [ADMIN_TOKEN_KEY]: TOKEN }));
    const stream = await screen.findByTestId('admin-stream');
    expect(stream.dataset.stream).toBe('live');
    const publisher = within(stream).getByTestId('admin-publisher');
    expect(publisher.textContent).toContain('publisher · whip');
    expect(publisher.textContent).toContain('OBS');
    expect(publisher.textContent).toContain('1m 05s');
    expect(publisher.textContent).toContain('2.0 KiB');

    const viewers = within(stream).getAllByTestId('admin-viewer');
    expect(viewers.map((row) => row.dataset.protocol)).toEqual(['whep', 'll-hls']);
    expect(viewers[1]!.textContent).toContain('198.51.100.7');
    // LL-HLS viewers cannot be kicked: no button, a note instead.
    expect(within(viewers[1]!).queryByTestId('kick-viewer')).toBeNull();
    expect(viewers[1]!.textContent).toContain('request-based');

    fireEvent.click(within(viewers[0]!).getByTestId('kick-viewer'));
    await waitFor(() => expect(within(stream).getAllByTestId('admin-viewer')).toHaveLength(1));
    expect(server.calls.find((call) => call.method === 'DELETE')).toMatchObject({
      path: '/api/admin/sessions/v-whep',
      authorization: `Bearer ${TOKEN}`,
    });

    fireEvent.click(within(stream).getByTestId('kick-publisher'));
    await waitFor(() => expect(screen.getByTestId('admin-stream-state').textContent).toBe('ended (kicked)'));
    expect(screen.queryByTestId('admin-publisher')).toBeNull();
  });

  it('toggles recording and shows what the server refuses', async () => {
    const server = fakeServer({ token: TOKEN });
    renderPanel(server, memoryStorage({ [ADMIN_TOKEN_KEY]: TOKEN }));
    const toggle = await screen.findByTestId('recording-toggle');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(toggle);
    await waitFor(() =>
      expect(screen.getByTestId('recording-toggle').getAttribute('aria-pressed')).toBe('true'),
    );
    expect(
      server.calls.some((call) => call.method === 'POST' && call.path === '/api/streams/live/recording'),
    ).toBe(true);
    fireEvent.click(screen.getByTestId('recording-toggle'));
    await waitFor(() =>
      expect(screen.getByTestId('recording-toggle').getAttribute('aria-pressed')).toBe('false'),
    );

    // A kick of a session that ended meanwhile (the page has not refreshed): the server's message shows.
    const viewer = screen.getAllByTestId('admin-viewer')[0]!;
    await act(async () => {
      await server.fetch('/api/admin/sessions/v-whep', {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
    });
    fireEvent.click(within(viewer).getByTestId('kick-viewer'));
    await waitFor(() => expect(screen.getByTestId('admin-error').textContent).toContain('no such session'));
  });

  it('adds a stream entry (keys, viewer token, recording), shows a refused one, and removes one', async () => {
    const server = fakeServer({ token: TOKEN });
    renderPanel(server, memoryStorage({ [ADMIN_TOKEN_KEY]: TOKEN }));
    await screen.findByTestId('config-entry');
    expect(screen.getAllByTestId('config-entry').map((row) => row.dataset.stream)).toEqual(['live']);
    expect(screen.getByTestId('config-entry').textContent).toContain('1 publish key');

    const add = screen.getByTestId('add-stream') as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('new-stream-name'), { target: { value: 'bad name' } });
    expect(add.disabled).toBe(true);

    fireEvent.change(screen.getByTestId('new-stream-name'), { target: { value: 'show' } });
    fireEvent.change(screen.getByTestId('new-stream-keys'), { target: { value: 'short' } });
    fireEvent.click(add);
    await waitFor(() =>
      expect(screen.getByTestId('admin-error').textContent).toContain(
        'streams.show.auth.publishKeys.0: must NOT have fewer than 8 characters',
      ),
    );

    fireEvent.change(screen.getByTestId('new-stream-keys'), {
      target: { value: 'show-key-1234, show-key-5678' },
    });
    fireEvent.click(screen.getByTestId('new-stream-viewer-token'));
    fireEvent.click(screen.getByTestId('new-stream-recording'));
    fireEvent.click(add);
    await waitFor(() => expect(screen.getAllByTestId('config-entry')).toHaveLength(2));
    expect(server.entries.get('show')).toEqual({
      auth: { publishKeys: ['show-key-1234', 'show-key-5678'], viewerToken: true },
      recording: { enabled: true },
    });
    expect(screen.queryByTestId('admin-error')).toBeNull();
    expect((screen.getByTestId('new-stream-name') as HTMLInputElement).value).toBe('');
    const show = screen.getAllByTestId('config-entry').find((row) => row.dataset.stream === 'show')!;
    expect(show.textContent).toContain('2 publish keys · viewer token · recorded');

    fireEvent.click(within(show).getByTestId('remove-stream'));
    await waitFor(() => expect(screen.getAllByTestId('config-entry')).toHaveLength(1));
    expect(server.entries.has('show')).toBe(false);
  });
});
