import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RTCPeerConnection } from 'werift';
import { WebSocket } from 'ws';
import type { SessionInfo } from '../index';
import type { StreamStats } from '@brume/protocol';
import { RelayHarness } from '../testing/relay-harness';
import { createViewer, fullOffer, postOffer, waitFor } from '../testing/werift-client';

/** `name{labels} value` lines of a Prometheus text exposition. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample named `name` whose labels include `labels`, or undefined. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  )?.value;
}

describe('observability: /metrics, /api/sessions and /api/stats against a live relay', () => {
  let harness: RelayHarness;
  let base: string;
  const peers: RTCPeerConnection[] = [];

  beforeEach(async () => {
    // Polled clients stay viewers until the stream ends, however slow the machine.
    harness = await RelayHarness.start({ httpViewerWindowMs: 60_000 });
    base = harness.base;
  });

  afterEach(async () => {
    await Promise.all(peers.splice(0).map((pc) => pc.close()));
    await harness.close();
  });

  const scrape = async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return parseExposition(await response.text());
  };
  /** Scrapes until `check` holds (metrics move with media, so a few tries may be needed). */
  const scrapeUntil = async (check: (samples: Sample[]) => boolean, what: string) => {
    const deadline = Date.now() + 8000;
    for (;;) {
      const samples = await scrape();
      if (check(samples)) return samples;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  it('counts viewers by protocol up and down, bytes, durations, and drops the stream series when it ends', async () => {
    const { location: whipLocation } = await harness.publish('obs');
    const reasons = new Map<string, string>();
    harness.server.sessions.events.on('ended', (session) => reasons.set(session.protocol, session.reason));

    // WHEP
    const viewer = createViewer();
    peers.push(viewer);
    const whep = await postOffer(`${base}/whep/obs`, await fullOffer(viewer), {
      'User-Agent': 'whep-test/1',
    });
    expect(whep.status).toBe(201);
    await viewer.setRemoteDescription({ type: 'answer', sdp: whep.body });
    await waitFor(() => viewer.connectionState === 'connected', 5000, 'WHEP viewer connected');

    // WebSocket fMP4
    const ws = new WebSocket(`${base.replace('http', 'ws')}/ws/obs`, {
      headers: { 'User-Agent': 'ws-test/1' },
    });
    let wsBytes = 0;
    ws.on('message', (data: Buffer) => (wsBytes += data.length));
    await waitFor(() => wsBytes > 0, 5000, 'WebSocket media');

    // Progressive MP4 and TS, read while they stream.
    const progressive = ['mp4', 'ts'].map((extension) => {
      const abort = new AbortController();
      const reading = (async () => {
        try {
          const response = await fetch(`${base}/obs.${extension}`, {
            headers: { 'User-Agent': `${extension}-test/1` },
            signal: abort.signal,
          });
          expect(response.status).toBe(200);
          const reader = response.body!.getReader();
          while (!(await reader.read()).done);
        } catch (error) {
          if (!abort.signal.aborted) throw error;
        }
      })();
      return { abort: () => abort.abort(), reading };
    });

    // LL-HLS polling: the multivariant playlist, then the video playlist twice (one client).
    const hlsHeaders = { 'User-Agent': 'hls-test/1' };
    expect((await fetch(`${base}/hls/obs/index.m3u8`, { headers: hlsHeaders })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const playlist = await fetch(`${base}/hls/obs/video.m3u8`, { headers: hlsHeaders });
      expect(playlist.status).toBe(200);
      await playlist.text();
    }

    // LL-DASH polling: the MPD.
    const dash = await fetch(`${base}/dash/obs/index.mpd`, { headers: { 'User-Agent': 'dash-test/1' } });
    expect(dash.status).toBe(200);
    await dash.text();

    const protocols = ['whep', 'ws-mp4', 'mp4', 'ts', 'll-hls', 'll-dash'] as const;
    const first = await scrapeUntil(
      (samples) =>
        protocols.every(
          (protocol) => (valueOf(samples, 'brume_egress_bytes_total', { protocol }) ?? 0) > 0,
        ) &&
        (valueOf(samples, 'brume_ingest_bitrate_bits_per_second', { stream: 'obs' }) ?? 0) > 0 &&
        valueOf(samples, 'brume_keyframe_interval_seconds', { stream: 'obs' }) !== undefined,
      'bytes out on every protocol, an ingest bitrate and a keyframe interval',
    );
    for (const protocol of protocols) {
      expect(valueOf(first, 'brume_viewers', { protocol }), protocol).toBe(1);
      expect(valueOf(first, 'brume_stream_viewers', { stream: 'obs', protocol }), protocol).toBe(1);
    }
    expect(valueOf(first, 'brume_publishers')).toBe(1);
    expect(valueOf(first, 'brume_streams', { state: 'live' })).toBe(1);
    expect(valueOf(first, 'brume_ingest_bytes_total')).toBeGreaterThan(0);
    // The fixture sends a keyframe every second.
    expect(valueOf(first, 'brume_keyframe_interval_seconds', { stream: 'obs' })).toBeGreaterThan(0);
    expect(valueOf(first, 'brume_ingest_packets_lost', { stream: 'obs' })).toBeGreaterThanOrEqual(0);
    expect(valueOf(first, 'brume_whep_packets_lost', { stream: 'obs' })).toBeGreaterThanOrEqual(0);
    expect(valueOf(first, 'brume_rtcp_plis_sent_total')).toBeGreaterThan(0); // joining viewers ask for keyframes
    expect(valueOf(first, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(valueOf(first, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);

    // Bytes out keep growing while viewers watch.
    await scrapeUntil(
      (samples) =>
        (['whep', 'ws-mp4', 'mp4', 'ts'] as const).every(
          (protocol) =>
            (valueOf(samples, 'brume_egress_bytes_total', { protocol }) ?? 0) >
            (valueOf(first, 'brume_egress_bytes_total', { protocol }) ?? 0),
        ),
      'bytes out growing',
    );

    // The packager made parts for the HLS client: production lag was observed.
    await fetch(`${base}/hls/obs/video.m3u8`, { headers: hlsHeaders }).then((r) => r.text());
    const withParts = await scrapeUntil(
      (samples) => (valueOf(samples, 'brume_part_production_lag_seconds_count', { kind: 'video' }) ?? 0) > 0,
      'part production lag',
    );
    expect(
      valueOf(withParts, 'brume_part_production_lag_seconds_sum', { kind: 'video' }),
    ).toBeGreaterThanOrEqual(0);

    // /api/sessions: one publisher and six viewers, with their client and bytes.
    const { sessions } = (await (await fetch(`${base}/api/sessions`)).json()) as { sessions: SessionInfo[] };
    const byProtocol = new Map(sessions.map((session) => [session.protocol, session]));
    expect(sessions).toHaveLength(7);
    expect(byProtocol.get('whip')).toMatchObject({ stream: 'obs', role: 'publisher', ip: '127.0.0.1' });
    expect(byProtocol.get('whip')?.bytes).toBeGreaterThan(0);
    expect(byProtocol.get('whep')?.id).toBe(whep.location?.split('/')[3]);
    for (const [protocol, userAgent] of [
      ['whep', 'whep-test/1'],
      ['ws-mp4', 'ws-test/1'],
      ['mp4', 'mp4-test/1'],
      ['ts', 'ts-test/1'],
      ['ll-hls', 'hls-test/1'],
      ['ll-dash', 'dash-test/1'],
    ] as const) {
      const session = byProtocol.get(protocol);
      expect(session, protocol).toMatchObject({ stream: 'obs', role: 'viewer', ip: '127.0.0.1', userAgent });
      expect(session?.bytes, protocol).toBeGreaterThan(0);
      expect(session?.startedAt).toBeLessThanOrEqual(Date.now());
    }

    // /api/stats: the dashboard's view of the same.
    const stats = (await (await fetch(`${base}/api/stats`)).json()) as { streams: StreamStats[] };
    const obs = stats.streams.find((stream) => stream.name === 'obs');
    expect(obs?.viewers).toEqual({
      total: 6,
      whep: 1,
      'ws-mp4': 1,
      mp4: 1,
      ts: 1,
      'll-hls': 1,
      'll-dash': 1,
    });
    expect(obs?.bitrateHistory.length).toBeGreaterThan(0);
    expect(obs?.bitrate).toBeGreaterThan(0);

    // Viewers leave: counts go down, their durations are observed.
    expect((await fetch(`${base}${whep.location}`, { method: 'DELETE' })).status).toBe(200);
    ws.close();
    for (const file of progressive) file.abort();
    await Promise.all(progressive.map((file) => file.reading));
    const left = await scrapeUntil(
      (samples) =>
        (['whep', 'ws-mp4', 'mp4', 'ts'] as const).every(
          (protocol) => valueOf(samples, 'brume_viewers', { protocol }) === 0,
        ),
      'viewers gone',
    );
    for (const protocol of ['whep', 'ws-mp4', 'mp4', 'ts'] as const) {
      expect(valueOf(left, 'brume_session_duration_seconds_count', { protocol }), protocol).toBe(1);
      expect(valueOf(left, 'brume_session_duration_seconds_sum', { protocol }), protocol).toBeGreaterThan(0);
    }
    expect(valueOf(left, 'brume_viewers', { protocol: 'll-hls' })).toBe(1);
    expect(valueOf(left, 'brume_viewers', { protocol: 'll-dash' })).toBe(1);
    expect(valueOf(left, 'brume_stream_viewers', { stream: 'obs', protocol: 'whep' })).toBeUndefined();

    // The publish ends: the HLS client ends with it, and no per-stream series is left.
    expect((await fetch(`${base}${whipLocation}`, { method: 'DELETE' })).status).toBe(200);
    const ended = await scrapeUntil(
      (samples) => valueOf(samples, 'brume_publishers') === 0,
      'publisher gone',
    );
    expect(valueOf(ended, 'brume_viewers', { protocol: 'll-hls' })).toBe(0);
    expect(valueOf(ended, 'brume_viewers', { protocol: 'll-dash' })).toBe(0);
    expect(valueOf(ended, 'brume_session_duration_seconds_count', { protocol: 'll-hls' })).toBe(1);
    expect(valueOf(ended, 'brume_session_duration_seconds_count', { protocol: 'll-dash' })).toBe(1);
    expect(valueOf(ended, 'brume_session_duration_seconds_count', { protocol: 'whip' })).toBe(1);
    expect(valueOf(ended, 'brume_streams', { state: 'live' })).toBe(0);
    expect(ended.filter((sample) => sample.labels['stream'] === 'obs')).toEqual([]);
    expect(harness.server.sessions.size).toBe(0);
    // Each session ended for the reason it did: clients left, polled clients went with the stream.
    expect(Object.fromEntries(reasons)).toEqual({
      whep: 'client-closed',
      'ws-mp4': 'client-closed',
      mp4: 'client-closed',
      ts: 'client-closed',
      'll-hls': 'stream-ended',
      'll-dash': 'stream-ended',
      whip: 'client-closed',
    });
    const after = (await (await fetch(`${base}/api/sessions`)).json()) as { sessions: SessionInfo[] };
    expect(after.sessions).toEqual([]);
  });

  it('lets an LL-HLS client go once it stopped polling for the window', async () => {
    const quick = await RelayHarness.start({ httpViewerWindowMs: 300 });
    try {
      await quick.publish('poll');
      const reasons: string[] = [];
      quick.server.sessions.events.on('ended', (session) =>
        reasons.push(`${session.protocol} ${session.reason}`),
      );
      const playlist = await fetch(`${quick.base}/hls/poll/index.m3u8`);
      expect(playlist.status).toBe(200);
      await playlist.text();
      await waitFor(() => reasons.length > 0, 5000, 'the polled client to time out');
      expect(reasons).toEqual(['ll-hls timeout']);
      const samples = parseExposition(await (await fetch(`${quick.base}/metrics`)).text());
      expect(valueOf(samples, 'brume_viewers', { protocol: 'll-hls' })).toBe(0);
      expect(valueOf(samples, 'brume_session_duration_seconds_count', { protocol: 'll-hls' })).toBe(1);
      expect(quick.server.registry.get('poll')?.state).toBe('live');
    } finally {
      await quick.close();
    }
  });

  it('keeps each relay instance on its own metrics registry', async () => {
    const other = await RelayHarness.start();
    try {
      await harness.publish('solo');
      const mine = await scrape();
      const theirs = parseExposition(await (await fetch(`${other.base}/metrics`)).text());
      expect(valueOf(mine, 'brume_publishers')).toBe(1);
      expect(valueOf(theirs, 'brume_publishers')).toBe(0);
    } finally {
      await other.close();
    }
  });
});
