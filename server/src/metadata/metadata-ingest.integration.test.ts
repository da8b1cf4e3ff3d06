import type { ErrorBody, MetadataEvent, MetadataIngestReply, StreamInfo } from '@brume/protocol';
import { spawn } from 'node:child_process';
import { connect, createServer as createNetServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createServer, type BrumeServer, type ServerOptions } from '../index';

/**
 * Every metadata way in against a real listening relay. The stream is made live through the
 * registry (as a WHIP publisher would), so these tests need no WebRTC; stamping against real media
 * is in `webrtc/metadata.integration.test.ts`.
 */
let server: BrumeServer;
let base: string;

async function start(options: ServerOptions = {}): Promise<void> {
  server = await createServer({ port: 0, host: '127.0.0.1', logLevel: 'silent', ...options });
  base = await server.listen();
}

/** Makes `name` live, its stream time 0 `agoMs` ago. */
function goLive(name: string, agoMs = 10_000): void {
  const stream = server.registry.ensure(name);
  stream.beginPublish(`pub-${name}`, [{ kind: 'video', codec: 'avc1.42e01f' }], Date.now() - agoMs);
  stream.markLive(`pub-${name}`);
}

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers, body });
  return { status: response.status, headers: response.headers, json: (await response.json()) as unknown };
}

async function get(path: string) {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, json: (await response.json()) as unknown };
}

const codeOf = (json: unknown) => (json as ErrorBody).error.code;
const messageOf = (json: unknown) => (json as ErrorBody).error.message;
const eventsOf = async (path: string) => ((await get(path)).json as { events: MetadataEvent[] }).events;

beforeEach(async () => {
  await start();
});

afterEach(async () => {
  await server.close();
});

describe('HTTP metadata API', () => {
  it('POSTs one event, an array and JSON Lines; stamps the live edge; GET returns them in time order', async () => {
    goLive('cam', 10_000);
    const one = await post('/api/streams/cam/tracks/chat', '{"data":{"user":"ann","text":"hi"}}', {
      'content-type': 'application/json',
    });
    expect(one).toMatchObject({ status: 202, json: { accepted: 1, ids: [1] } });
    const array = await post(
      '/api/streams/cam/tracks/chat',
      '[{"data":1,"time":2000},{"data":2,"time":3000,"duration":50}]',
    );
    expect(array.json).toEqual({ accepted: 2, ids: [2, 3] });
    const lines = await post(
      '/api/streams/cam/tracks/chat',
      '{"data":"x","time":2500}\n\n{"data":"y","time":2500}\n',
      {
        'content-type': 'application/x-ndjson',
      },
    );
    expect(lines.json).toEqual({ accepted: 2, ids: [4, 5] });
    const events = await eventsOf('/api/streams/cam/tracks/chat');
    expect(events.map((e) => e.id)).toEqual([2, 4, 5, 3, 1]);
    const stamped = events.at(-1)!;
    // The live edge at arrival: stream time 0 was 10 s ago (wall clock; no media on this stream).
    expect(stamped.time).toBeGreaterThanOrEqual(10_000);
    expect(stamped.time).toBeLessThan(20_000);
    expect(stamped).toMatchObject({ track: 'chat', data: { user: 'ann', text: 'hi' } });
    expect((await eventsOf('/api/streams/cam/tracks/chat?from=2500&to=3000')).map((e) => e.id)).toEqual([
      4, 5,
    ]);
  });

  it('declares tracks with PUT, lists them, and shows every metadata track in the stream info after the media', async () => {
    goLive('cam');
    const feed = new WebSocket(`${base.replace('http', 'ws')}/api/streams/cam/ws`);
    const infos: StreamInfo[] = [];
    feed.on('message', (data: Buffer) =>
      infos.push((JSON.parse(data.toString()) as { info: StreamInfo }).info),
    );
    await new Promise((resolve) => feed.once('open', resolve));

    const put = await fetch(`${base}/api/streams/cam/tracks/en`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'subtitle', lang: 'en', label: 'English' }),
    });
    expect(put.status).toBe(201);
    const again = await fetch(`${base}/api/streams/cam/tracks/en`, {
      method: 'PUT',
      body: JSON.stringify({ kind: 'subtitle', lang: 'en', label: 'English (live)' }),
    });
    expect(again.status).toBe(200);
    await post('/api/streams/cam/tracks/chat', '{"data":1}');
    expect((await get('/api/streams/cam/tracks')).json).toEqual({
      tracks: [
        { name: 'en', kind: 'subtitle', lang: 'en', label: 'English (live)' },
        { name: 'chat', kind: 'json' },
      ],
    });
    const info = (await get('/api/streams/cam')).json as StreamInfo;
    expect(info.tracks).toEqual([
      { id: 0, kind: 'video', codec: 'avc1.42e01f' },
      { id: 1, kind: 'subtitle', codec: 'webvtt', name: 'en', lang: 'en', label: 'English (live)' },
      { id: 2, kind: 'meta', codec: 'json', name: 'chat' },
    ]);
    expect(info.sources.length).toBeGreaterThan(0);
    expect(info.sources.map((source) => source.protocol)).toContain('whep');
    for (const source of info.sources) {
      // MPEG-TS (video only here) cannot carry them; every other output lists them.
      if (source.protocol === 'ts') expect(source.tracks).toEqual([0]);
      else expect(source.tracks, source.protocol).toEqual([0, 1, 2]);
    }
    // The feed pushed the info as each track appeared.
    await expect.poll(() => infos.at(-1)?.tracks.length).toBe(3);
    expect(infos.some((i) => i.tracks.length === 2)).toBe(true);
    feed.close();
  });

  it('takes WebVTT and SRT documents as subtitle events counted from ?time=', async () => {
    goLive('cam', 30_000);
    const vtt =
      'WEBVTT\n\n00:01.000 --> 00:02.500 line:10%\nHello <i>there</i>\n\n00:03.000 --> 00:04.000\nBye\n';
    const posted = await post('/api/streams/cam/tracks/en?time=5000', vtt, { 'content-type': 'text/vtt' });
    expect(posted.json).toEqual({ accepted: 2, ids: [1, 2] });
    const srt = '1\n00:00:00,500 --> 00:00:01,000\n<font color="red">SRT</font>\n';
    expect((await post('/api/streams/cam/tracks/en?time=10000', srt)).status).toBe(202);
    expect(
      (await eventsOf('/api/streams/cam/tracks/en')).map(({ time, duration, data }) => [
        time,
        duration,
        data,
      ]),
    ).toEqual([
      [6000, 1500, 'Hello <i>there</i>'],
      [8000, 1000, 'Bye'],
      [10_500, 500, 'SRT'],
    ]);
    expect((await get('/api/streams/cam/tracks')).json).toEqual({
      tracks: [{ name: 'en', kind: 'subtitle' }],
    });
    // Subtitles into a json track are refused.
    await post('/api/streams/cam/tracks/chat', '{"data":1}');
    const wrong = await post('/api/streams/cam/tracks/chat', vtt, { 'content-type': 'text/vtt' });
    expect([wrong.status, codeOf(wrong.json)]).toEqual([409, 'metadata/track-conflict']);
  });

  it('refuses bad input clearly and stores nothing of a bad body', async () => {
    goLive('cam', 120_000);
    goLive('old');
    server.registry.get('old')!.endPublish('pub-old', 'delete');
    const big = JSON.stringify({ data: 'x'.repeat(70_000) });
    const cases: [string, string, Record<string, string>, number, string, RegExp?][] = [
      [
        '/api/streams/cam/tracks/chat',
        '{"data":1}\n{"data":2}\n{"data":',
        {},
        400,
        'metadata/invalid',
        /^line 3: not valid JSON/,
      ],
      ['/api/streams/cam/tracks/chat', '[{"data":1},"two"]', {}, 400, 'metadata/invalid', /^line 1, item 1:/],
      ['/api/streams/cam/tracks/chat', big, {}, 413, 'metadata/too-large'],
      [
        '/api/streams/cam/tracks/chat',
        '[{"data":1},{"data":2,"time":1000}]',
        {},
        422,
        'metadata/time-out-of-range',
        /item 1: time 1000/,
      ],
      ['/api/streams/cam/tracks/chat', '{"data":1,"time":999999999}', {}, 422, 'metadata/time-out-of-range'],
      ['/api/streams/nobody/tracks/chat', '{"data":1}', {}, 404, 'stream/not-found'],
      ['/api/streams/old/tracks/chat', '{"data":1}', {}, 409, 'stream/not-live', /old is ended/],
      ['/api/streams/a.b/tracks/chat', '{"data":1}', {}, 400, 'stream/invalid-name'],
      ['/api/streams/cam/tracks/c.d', '{"data":1}', {}, 400, 'metadata/invalid-track-name'],
      ['/api/streams/cam/tracks/chat?time=-5', 'WEBVTT\n', {}, 400, 'http/bad-request'],
      [
        '/api/streams/cam/tracks/en',
        'WEBVTT\n\n00:01.000 -> 00:02.000\nx\n',
        { 'content-type': 'text/vtt' },
        400,
        'metadata/invalid',
        /line 3:/,
      ],
    ];
    for (const [path, body, headers, status, code, message] of cases) {
      const response = await post(path, body, headers);
      expect([response.status, codeOf(response.json)], `${path} ${body.slice(0, 40)}`).toEqual([
        status,
        code,
      ]);
      if (message) expect(messageOf(response.json)).toMatch(message);
    }
    expect((await get('/api/streams/cam/tracks')).json).toEqual({ tracks: [] });
    expect(codeOf((await get('/api/streams/cam/tracks/chat')).json)).toBe('metadata/track-not-found');
    expect(codeOf((await get('/api/streams/nobody/tracks')).json)).toBe('stream/not-found');
    const badPut = await fetch(`${base}/api/streams/cam/tracks/x`, {
      method: 'PUT',
      body: '{"kind":"audio"}',
    });
    expect(badPut.status).toBe(400);
  });

  it('rate-limits each client with 429 and Retry-After, storing nothing of the refused batch', async () => {
    await server.close();
    await start({ metadataRatePerSecond: 1, metadataRateBurst: 5 });
    goLive('cam');
    const batch = JSON.stringify(Array.from({ length: 5 }, (_, i) => ({ data: i })));
    expect((await post('/api/streams/cam/tracks/chat', batch)).status).toBe(202);
    const limited = await post('/api/streams/cam/tracks/chat', '{"data":"more"}');
    expect(limited.status).toBe(429);
    expect(codeOf(limited.json)).toBe('metadata/rate-limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await eventsOf('/api/streams/cam/tracks/chat')).toHaveLength(5);
  });
});

describe('metadata WebSocket', () => {
  function open(path: string) {
    const ws = new WebSocket(`${base.replace('http', 'ws')}${path}`);
    const replies: MetadataIngestReply[] = [];
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('message', (data: Buffer) => replies.push(JSON.parse(data.toString()) as MetadataIngestReply));
    return { ws, replies, closed, opened: new Promise((resolve) => ws.once('open', resolve)) };
  }

  it('answers each message, survives bad ones, and closes when the stream ends', async () => {
    goLive('cam');
    const socket = open('/api/streams/cam/tracks/chat');
    await socket.opened;
    socket.ws.send('{"data":{"goal":1}}');
    socket.ws.send('[{"data":2,"time":1000},{"data":3,"time":1000}]');
    socket.ws.send('{"data": nope}');
    socket.ws.send(Buffer.from([1, 2, 3]));
    socket.ws.send('{"data":4}');
    await expect.poll(() => socket.replies.length).toBe(5);
    expect(socket.replies[0]).toEqual({ ok: true, ids: [1] });
    expect(socket.replies[1]).toEqual({ ok: true, ids: [2, 3] });
    expect(socket.replies[2]).toMatchObject({
      error: { code: 'metadata/invalid', message: expect.stringMatching(/^line 1:/) },
    });
    expect(socket.replies[3]).toMatchObject({ error: { code: 'metadata/invalid' } });
    expect(socket.replies[4]).toEqual({ ok: true, ids: [4] });
    expect(await eventsOf('/api/streams/cam/tracks/chat')).toHaveLength(4);
    server.registry.get('cam')!.endPublish('pub-cam', 'delete');
    expect(await socket.closed).toEqual({ code: 1000, reason: 'stream ended' });
  });

  it('refuses unknown and not-live streams and bad names with an error and close 1008', async () => {
    goLive('old');
    server.registry.get('old')!.endPublish('pub-old', 'delete');
    for (const [path, code] of [
      ['/api/streams/nobody/tracks/chat', 'stream/not-found'],
      ['/api/streams/old/tracks/chat', 'stream/not-live'],
      ['/api/streams/cam/tracks/a.b', 'metadata/invalid-track-name'],
    ] as const) {
      const socket = open(path);
      expect((await socket.closed).code, path).toBe(1008);
      expect(socket.replies, path).toMatchObject([{ error: { code } }]);
    }
  });
});

describe('metadata TCP line protocol', () => {
  async function tcp() {
    const address = await server.metadataTcp.listen(0, '127.0.0.1');
    const socket: Socket = connect(address.port, '127.0.0.1');
    let buffer = '';
    socket.on('data', (chunk: Buffer) => (buffer += chunk.toString()));
    await new Promise((resolve) => socket.once('connect', resolve));
    const replies = () =>
      buffer
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    return { socket, replies };
  }

  it('answers each line in order, survives bad and over-long lines', async () => {
    goLive('cam');
    const { socket, replies } = await tcp();
    socket.write('{"stream":"cam","track":"chat","data":{"a":1}}\n');
    socket.write('\n{"stream":"cam","track":"chat","data":2,"time":500}\r\n');
    socket.write('not json\n');
    socket.write(`{"stream":"cam","track":"chat","data":"${'x'.repeat(70_000)}`);
    socket.write(`${'y'.repeat(10_000)}"}\n`);
    socket.write('{"stream":"nobody","track":"chat","data":1}\n{"track":"chat","data":1}\n');
    socket.write(
      '{"stream":"cam","track":"chat","data":3,"tme":1}\n{"stream":"cam","track":"chat","data":4}\n',
    );
    await expect.poll(() => replies().length).toBe(8);
    expect(replies()).toEqual([
      { ok: true, id: 1 },
      { ok: true, id: 2 },
      {
        error: {
          code: 'metadata/invalid',
          message: expect.stringMatching(/^line 4: not valid JSON/),
          line: 4,
        },
      },
      { error: { code: 'metadata/too-large', message: expect.stringMatching(/line 5 is longer/), line: 5 } },
      { error: { code: 'stream/not-found', message: expect.any(String), line: 6 } },
      { error: { code: 'metadata/invalid', message: expect.stringMatching(/"stream"/), line: 7 } },
      { error: { code: 'metadata/invalid', message: expect.stringMatching(/unknown field "tme"/), line: 8 } },
      { ok: true, id: 3 },
    ]);
    expect((await eventsOf('/api/streams/cam/tracks/chat')).map((e) => e.data)).toEqual([2, { a: 1 }, 4]);
    socket.destroy();
  });

  it('answers rate-limited lines with an error carrying retryAfterMs', async () => {
    await server.close();
    await start({ metadataRatePerSecond: 1, metadataRateBurst: 2 });
    goLive('cam');
    const { socket, replies } = await tcp();
    socket.write('{"stream":"cam","track":"t","data":1}\n'.repeat(3));
    await expect.poll(() => replies().length).toBe(3);
    expect(replies()[2]).toMatchObject({
      error: { code: 'metadata/rate-limited', line: 3, retryAfterMs: expect.any(Number) },
    });
    socket.destroy();
  });

  it('listens on metadataTcpPort with the server and closes with it', async () => {
    await server.close();
    const probe = await new Promise<number>((resolve) => {
      const s = createNetServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    await start({ metadataTcpPort: probe });
    expect(server.metadataTcp.address?.port).toBe(probe);
    await server.close();
    expect(server.metadataTcp.address).toBeUndefined();
    await start();
  });
});

describe('brume meta (CLI)', () => {
  const bin = fileURLToPath(new URL('../../bin/brume.js', import.meta.url));

  function run(
    args: string[],
    stdin: string,
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin);
    });
  }

  it('posts JSON Lines from standard input in batches and prints what was accepted', async () => {
    goLive('cam');
    const lines = Array.from({ length: 150 }, (_, i) =>
      JSON.stringify({ data: { n: i }, time: 1000 + i }),
    ).join('\n');
    const result = await run(['meta', 'cam', 'chat', '--server', base], `${lines}\n`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('accepted 100 (ids 1–100)');
    expect(result.stdout).toContain('150 events accepted on cam/chat');
    const events = await eventsOf('/api/streams/cam/tracks/chat');
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 150 }, (_, i) => i));
  });

  it('sends a subtitle document with --subtitles and --time', async () => {
    goLive('cam', 60_000);
    const srt = '1\n00:00:01,000 --> 00:00:02,000\nOne\n\n2\n00:00:03,000 --> 00:00:04,000\nTwo\n';
    const result = await run(
      ['meta', 'cam', 'en', '--subtitles', '--time', '20000', `--server=${base}`],
      srt,
    );
    expect(result.code).toBe(0);
    expect((await eventsOf('/api/streams/cam/tracks/en')).map((e) => [e.time, e.data])).toEqual([
      [21_000, 'One'],
      [23_000, 'Two'],
    ]);
  });

  it("exits 1 with the server's error and the input line it is about", async () => {
    goLive('cam');
    const result = await run(
      ['meta', 'cam', 'chat', '--server', base],
      '{"data":1}\n\n{"data":2,"time":-1}\n',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^brume meta: metadata\/invalid: input line 3: "time" must be/);
    const offline = await run(['meta', 'nobody', 'chat', '--server', base], '{"data":1}\n');
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(/stream\/not-found: stream nobody does not exist/);
    const usage = await run(['meta', 'cam'], '');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/usage: brume meta <stream> <track>/);
  });
});
