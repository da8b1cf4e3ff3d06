import type { StreamInfo, StreamList } from '@brume/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RTCPeerConnection } from 'werift';
import WebSocket from 'ws';
import net from 'node:net';
import { freePort } from '../testing/free-port';
import { startMedia } from '../testing/test-media';
import { createPublisher, createViewer, fullOffer, postOffer, waitFor } from '../testing/werift-client';
import { workerOf } from './cluster-route';
import { startCluster, type RunningCluster } from './start-cluster';

/** A stream name that the cluster places on worker `index` of `count`. */
function nameOn(index: number, count: number, prefix: string): string {
  for (let i = 0; ; i++) if (workerOf(`${prefix}${i}`, count) === index) return `${prefix}${i}`;
}

async function json<T>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T };
}

/**
 * `brume serve --workers 2` for real: two relay processes behind the front, WHIP and WHEP through
 * the front with media going straight between the peers and the worker, LL-HLS forwarded, `/ws`
 * handed over, lists and metrics merged, and a worker killed and brought back while the other's
 * stream plays on.
 */
describe('cluster: two workers behind one port', () => {
  let cluster: RunningCluster;
  let base: string;
  const peers: RTCPeerConnection[] = [];
  const stops: (() => void)[] = [];
  const first = nameOn(0, 2, 'one');
  const second = nameOn(1, 2, 'two');

  beforeAll(async () => {
    cluster = await startCluster({
      workers: 2,
      args: ['--log-level', 'warn'],
      env: { ...process.env, BRUME_ICE_HOSTS: '127.0.0.1', LOG_FORMAT: 'json', BRUME_WORKERS: '' },
      options: { port: 0, host: '127.0.0.1', logLevel: 'warn', metadataTcpPort: await freePort() },
      // Spread a stream's viewers past its first one, so the test sees both placements.
      spreadAfter: 1,
    });
    base = cluster.url;
  }, 120_000);

  afterAll(async () => {
    for (const stop of stops.splice(0)) stop();
    await Promise.all(peers.splice(0).map((pc) => pc.close()));
    const pids = cluster.pool.pids;
    await cluster.close();
    // Every worker process is gone.
    for (const pid of pids) if (pid !== undefined) expect(() => process.kill(pid, 0)).toThrow();
  }, 60_000);

  async function publish(name: string): Promise<void> {
    const publisher = createPublisher();
    peers.push(publisher.pc);
    const answer = await postOffer(`${base}/whip/${name}`, await fullOffer(publisher.pc));
    expect(answer.status).toBe(201);
    expect(answer.location).toMatch(new RegExp(`^/whip/${name}/`));
    await publisher.pc.setRemoteDescription({ type: 'answer', sdp: answer.body });
    stops.push(startMedia(publisher).stop);
    await waitFor(() => publisher.pc.connectionState === 'connected', 15_000, `${name} publisher connected`);
  }

  async function view(name: string): Promise<{ packets: () => number; location: string }> {
    const viewer = createViewer();
    peers.push(viewer);
    let packets = 0;
    viewer.onTrack.subscribe((track) => track.onReceiveRtp.subscribe(() => packets++));
    const answer = await postOffer(`${base}/whep/${name}`, await fullOffer(viewer));
    expect(answer.status).toBe(201);
    await viewer.setRemoteDescription({ type: 'answer', sdp: answer.body });
    return { packets: () => packets, location: answer.location ?? '' };
  }

  it('places each stream on its worker; every output works through the front', async () => {
    await publish(first);
    await publish(second);
    for (const name of [first, second]) {
      await expect
        .poll(async () => (await json<StreamInfo>(`${base}/api/streams/${name}`)).body.state, {
          timeout: 15_000,
        })
        .toBe('live');
    }
    // The merged list has both, live, each once.
    const list = await json<StreamList>(`${base}/api/streams`);
    expect(list.body.streams.map((s) => `${s.name}:${s.state}`).sort()).toEqual([
      `${first}:live`,
      `${second}:live`,
    ]);

    // WHEP: signalling through the front, RTP straight from the worker.
    const viewers = [await view(first), await view(second)];
    await waitFor(() => viewers.every((v) => v.packets() > 30), 15_000, 'WHEP media from both workers');

    // LL-HLS through the front (forwarded, blocking reload included).
    for (const name of [first, second]) {
      const multivariant = await fetch(`${base}/hls/${name}/index.m3u8`);
      expect(multivariant.status).toBe(200);
      const media = /^[^#\s].*$/m.exec(await multivariant.text())?.[0];
      expect(media).toBeTruthy();
      const playlist = await fetch(new URL(media!, `${base}/hls/${name}/`));
      expect(playlist.status).toBe(200);
      expect(await playlist.text()).toMatch(/#EXT-X-PART:/);
    }

    // `/ws`: the upgrade is handed to the worker, which streams fMP4 on the client's own socket.
    const socket = new WebSocket(`${base.replace('http', 'ws')}/ws/${second}`);
    let binary = 0;
    socket.on('message', (data, isBinary) => void (isBinary && binary++));
    await waitFor(() => binary >= 3, 15_000, '/ws fragments through the front');
    socket.close();

    // Sessions and metrics of both workers in one answer.
    const sessions = await json<{ sessions: { stream: string; protocol: string }[] }>(`${base}/api/sessions`);
    const whep = sessions.body.sessions.filter((s) => s.protocol === 'whep').map((s) => s.stream);
    expect(whep.sort()).toEqual([first, second].sort());
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^brume_streams\{state="live"\} 2$/m);

    // A worker's own port refuses anyone but the front.
    const port = cluster.pool.portOf(1);
    const direct = await fetch(`http://127.0.0.1:${port}/api/streams`);
    expect(direct.status).toBe(403);
    expect(((await direct.json()) as { error: { code: string } }).error.code).toBe('server/cluster-only');
  }, 90_000);

  it("takes metadata lines on the front's TCP port, each to its stream's worker, replies in order", async () => {
    const port = cluster.metadataTcp.address!.port;
    const socket = net.connect(port, '127.0.0.1');
    const replies: unknown[] = [];
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) replies.push(JSON.parse(line));
    });
    const event = (stream: string, n: number) => JSON.stringify({ stream, track: 'chat', data: { n } });
    socket.write(
      [event(first, 1), event(second, 2), 'not json', event(first, 3), event('nobody-here', 4)].join('\n') +
        '\n',
    );
    await waitFor(() => replies.length === 5, 10_000, 'five replies');
    socket.end();
    expect(
      replies.map((reply) =>
        'ok' in (reply as object) ? 'ok' : (reply as { error: { line: number } }).error.line,
      ),
    ).toEqual(['ok', 'ok', 3, 'ok', 5]);
    // Each event is on its stream's worker, read back through the front.
    for (const [name, values] of [
      [first, [1, 3]],
      [second, [2]],
    ] as const) {
      const track = await json<{ events: { data: { n: number } }[] }>(
        `${base}/api/streams/${name}/tracks/chat`,
      );
      expect(track.body.events.map((e) => e.data.n)).toEqual(values);
    }
  }, 30_000);

  it('spreads a busy stream’s WHEP viewers: the other worker pulls it from its holder', async () => {
    const more = [await view(first), await view(first), await view(first)];
    // Worker 1 took at least one of them (its session id says so) and serves it from its own pull.
    const spread = more.filter((v) => /\/whep\/[^/]+\/w1-/.test(v.location));
    expect(spread.length).toBeGreaterThanOrEqual(1);
    await waitFor(() => more.every((v) => v.packets() > 30), 20_000, 'media on every spread viewer');
    // The spread session is found again by its id: DELETE reaches worker 1.
    const gone = await fetch(new URL(spread[0]!.location, base), { method: 'DELETE' });
    expect(gone.status).toBeLessThan(300);
    onHolder = more.find((v) => !v.location.includes('/w1-'));
    // The stream's viewers, added up over both workers: 1 + 3 − the one deleted. Worker 1's pull
    // from worker 0 is listed as internal and is no viewer.
    await expect
      .poll(
        async () => {
          const stats = await json<{ streams: { name: string; viewers: { whep?: number } }[] }>(
            `${base}/api/stats`,
          );
          return stats.body.streams.find((s) => s.name === first)?.viewers.whep;
        },
        { timeout: 10_000 },
      )
      .toBe(3);
    const sessions = await json<{ sessions: { stream: string; internal?: boolean }[] }>(
      `${base}/api/sessions`,
    );
    expect(sessions.body.sessions.filter((s) => s.stream === first && s.internal)).toHaveLength(1);
  }, 60_000);

  it('a config change reaches every worker, including a stream settings entry', async () => {
    // An entry on worker 0's name whose `+` variant lives on worker 1: the settings serve both.
    let entryName = '';
    for (let i = 0; !entryName; i++) {
      if (workerOf(`keyed${i}`, 2) === 0 && workerOf(`keyed${i}+x`, 2) === 1) entryName = `keyed${i}`;
    }
    const guarded = `${entryName}+x`;
    const entry = await fetch(`${base}/api/admin/streams/${entryName}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: { publishKeys: ['cluster-key-123'] } }),
    });
    expect(entry.status).toBe(201);
    // Worker 1 holds `+x` and has the key too: a publish without it is refused there.
    const refused = await postOffer(`${base}/whip/${guarded}`, await fullOffer(createPublisher().pc));
    expect(refused.status).toBe(401);
    // The whole document, replaced through the front, is what both workers list.
    const config = await json<{ document: Record<string, unknown> }>(`${base}/api/admin/config`);
    const replaced = await fetch(`${base}/api/admin/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...config.body.document, streams: {} }),
    });
    expect(replaced.status).toBe(200);
    const open = createPublisher();
    peers.push(open.pc);
    const accepted = await postOffer(`${base}/whip/${guarded}`, await fullOffer(open.pc));
    expect(accepted.status).toBe(201);
    await fetch(new URL(accepted.location!, base), { method: 'DELETE' });
  }, 60_000);

  /** A viewer of `first` served by worker 0 itself. */
  let onHolder: { packets: () => number } | undefined;

  it('a killed worker comes back; the other worker’s stream plays on', async () => {
    const survivor = onHolder ?? (await view(first));
    const pid = cluster.pool.pids[1]!;
    const restarted = new Promise<void>((resolve) =>
      cluster.pool.events.on('ready', (index) => index === 1 && resolve()),
    );
    process.kill(pid, 'SIGKILL');
    await waitFor(() => cluster.pool.portOf(1) === undefined, 5000, 'worker 1 seen gone');
    // While it is down its streams answer 503 with Retry-After; the other worker answers as usual.
    const down = await fetch(`${base}/api/streams/${second}`);
    if (cluster.pool.portOf(1) === undefined) {
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('1');
      expect(((await down.json()) as { error: { code: string } }).error.code).toBe(
        'server/worker-unavailable',
      );
    }
    expect((await json<StreamInfo>(`${base}/api/streams/${first}`)).body.state).toBe('live');
    await restarted;
    expect(cluster.pool.pids[1]).not.toBe(pid);
    // The new worker 1 holds nothing yet: the killed publish is gone, the name is free again.
    expect((await json<StreamInfo>(`${base}/api/streams/${second}`)).body.state).toBe('offline');
    const before = survivor.packets();
    await waitFor(() => survivor.packets() > before + 30, 10_000, 'worker 0 viewer still receiving');
  }, 60_000);
});
