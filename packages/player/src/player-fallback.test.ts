import type { SourceInfo, StreamInfo } from '@brume/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { START_TIMEOUT_MS, createPlayer, type Player, type PlayerDeps } from './player';
import type { PlayerOptions } from './player-api';
import { FakeInfoSource, FakeLoader, FakeVideo, fakeEnv, streamInfo } from './testing/fakes';

const settle = () => vi.advanceTimersByTimeAsync(0);

function source(protocol: SourceInfo['protocol'], priority: number): SourceInfo {
  return {
    protocol,
    url: `http://server/${protocol}/cam`,
    mime: 'x',
    priority,
    lowLatency: true,
    tracks: [1, 2],
  };
}

/** A live stream offering WHEP, then WebSocket, then LL-HLS. */
function brumeInfo(): StreamInfo {
  const info = streamInfo('cam', 'live');
  info.sources = [source('whep', 50), source('ws-mp4', 45), source('ll-hls', 40)];
  return info;
}

describe('player core: selection, fallback and live control', () => {
  let video: FakeVideo;
  let feed: FakeInfoSource;
  let whep: FakeLoader;
  let ws: FakeLoader;
  let hls: FakeLoader;
  let clock: number;
  let player: Player | undefined;

  const start = (options: Partial<PlayerOptions> = {}, deps: PlayerDeps = {}): Player => {
    player = createPlayer(
      video.asVideo(),
      { stream: 'cam', server: 'http://server', latencyMeter: false, ...options },
      {
        infoSource: feed,
        loaders: [whep, ws, hls],
        env: fakeEnv,
        random: () => 0.5,
        now: () => clock,
        ...deps,
      },
    );
    return player;
  };
  const engines = () => [...whep.engines, ...ws.engines, ...hls.engines].length;

  beforeEach(() => {
    vi.useFakeTimers();
    video = new FakeVideo();
    feed = new FakeInfoSource();
    whep = new FakeLoader('whep', 'whep');
    ws = new FakeLoader('mse-ws', 'ws-mp4');
    hls = new FakeLoader('hlsjs', 'll-hls');
    clock = 1000;
  });
  afterEach(() => {
    player?.dispose();
    player = undefined;
    vi.useRealTimers();
  });

  it('falls back to the next combination at once when one fails to start, and remembers it', async () => {
    const p = start();
    const chosen: string[] = [];
    p.on('engine', ({ engine, reason }) => chosen.push(`${engine}:${reason}`));
    feed.push(brumeInfo());
    await settle();
    expect(p.getState()).toMatchObject({ status: 'connecting', engine: 'whep', protocol: 'whep' });
    whep.last.refuse(new Error('ICE failed'));
    await settle();
    // No backoff between different combinations: the fallback is already connecting.
    expect(p.getState()).toMatchObject({ status: 'reconnecting', engine: 'mse-ws' });
    expect(ws.engines).toHaveLength(1);
    ws.last.connect();
    await settle();
    video.renderFrame(1300);
    expect(p.getState()).toMatchObject({ status: 'playing', engine: 'mse-ws', error: undefined });
    expect(chosen).toEqual(['whep:start', 'mse-ws:fallback']);
    expect(p.getState().combos.map((c) => [c.engine, c.failed, c.current])).toEqual([
      ['mse-ws', false, true],
      ['hlsjs', false, false],
      ['whep', true, false],
    ]);
  });

  it('fails over when an attempt shows no frame before the start timeout', async () => {
    const p = start({ startTimeoutMs: 3000 });
    feed.push(brumeInfo());
    await settle();
    whep.last.connect();
    await vi.advanceTimersByTimeAsync(2999);
    expect(p.getState().engine).toBe('whep');
    await vi.advanceTimersByTimeAsync(1);
    expect(p.getState()).toMatchObject({ engine: 'mse-ws', error: { code: 'player/start-timeout' } });
    expect(whep.last.disposed).toBe(true);
    expect(START_TIMEOUT_MS).toBeGreaterThan(3000);
  });

  it('retries a combination that played once on the same engine, then falls back', async () => {
    const p = start();
    feed.push(brumeInfo());
    await settle();
    video.renderFrame(1100);
    whep.last.events.emit('ended', { reason: 'the connection failed' });
    await vi.advanceTimersByTimeAsync(500);
    expect(whep.engines).toHaveLength(2);
    whep.last.refuse(new Error('still failing'));
    await settle();
    expect(p.getState().engine).toBe('mse-ws');
  });

  it('nextCombo() moves to the next combination and marks the current one failed', async () => {
    const p = start();
    feed.push(brumeInfo());
    await settle();
    video.renderFrame(1100);
    p.nextCombo();
    await settle();
    expect(p.getState().engine).toBe('mse-ws');
    video.renderFrame(1200);
    p.nextCombo();
    await settle();
    expect(p.getState().engine).toBe('hlsjs');
    expect(engines()).toBe(3);
  });

  it('fails over when the monitor sees playback not advancing for most of its window', async () => {
    const p = start();
    feed.push(brumeInfo());
    await settle();
    whep.last.connect();
    await settle();
    video.renderFrame(1100);
    expect(video.paused).toBe(false);
    // Media time never moves: after the 12-s window the monitor gives up on WHEP.
    for (let t = 0; t < 13_000; t += 500) {
      clock += 500;
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(p.getState()).toMatchObject({ engine: 'mse-ws', error: { code: 'player/stalled-playback' } });
  });

  it('honours forceEngine and the latency mode', async () => {
    const forced = start({ forceEngine: 'hlsjs' });
    feed.push(brumeInfo());
    await settle();
    expect(forced.getState().engine).toBe('hlsjs');
    forced.dispose();
    feed = new FakeInfoSource();
    const balanced = start({ latency: 'balanced' });
    feed.push(brumeInfo());
    await settle();
    expect(balanced.getState().engine).toBe('hlsjs');
  });

  it('catches up by playback rate for engines that leave live sync to the core', async () => {
    const p = start({ forceEngine: 'mse-ws' });
    const latencies: (number | undefined)[] = [];
    p.on('latency', ({ latencyS }) => latencies.push(latencyS));
    feed.push(brumeInfo());
    await settle();
    const engine = ws.last;
    engine.liveSync = 'core';
    engine.latency = 0.9; // target for ws-mp4 in `lowest` is 0.4 s: 0.5 s behind
    engine.connect();
    await settle();
    video.renderFrame(1100);
    await vi.advanceTimersByTimeAsync(1000);
    expect(video.playbackRate).toBe(1.05);
    expect(video.preservesPitch).toBe(true);
    engine.latency = 0.42;
    await vi.advanceTimersByTimeAsync(1000);
    expect(video.playbackRate).toBe(1);
    engine.latency = 9;
    await vi.advanceTimersByTimeAsync(1000);
    expect(engine.wentLive).toBe(1);
    expect(latencies).toEqual([0.9, 0.42, 9]);
    // A rate the viewer chose is left alone.
    p.setPlaybackRate(1.5);
    engine.latency = 1;
    await vi.advanceTimersByTimeAsync(1000);
    expect(video.playbackRate).toBe(1.5);
  });

  it('shows a VoD that played to its end as ended, without retrying', async () => {
    const p = start();
    const ended: unknown[] = [];
    p.on('ended', (e) => ended.push(e));
    feed.push(brumeInfo());
    await settle();
    whep.last.live = false;
    whep.last.connect();
    await settle();
    video.renderFrame(1100);
    whep.last.events.emit('complete', {});
    expect(p.getState().status).toBe('ended');
    expect(ended).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(whep.engines).toHaveLength(1);
  });

  it('climbs the autoplay ladder: muted when sound is refused, blocked when everything is', async () => {
    video.autoplayPolicy = 'muted-only';
    const p = start();
    feed.push(brumeInfo());
    await settle();
    whep.last.connect();
    await settle();
    expect(p.getState()).toMatchObject({ autoplay: 'muted', muted: true, paused: false });
    p.setMuted(false);
    expect(p.getState()).toMatchObject({ autoplay: 'unmuted', muted: false });
    p.dispose();

    video = new FakeVideo();
    video.autoplayPolicy = 'none';
    feed = new FakeInfoSource();
    const blocked = start();
    const codes: string[] = [];
    blocked.on('error', ({ error }) => codes.push(error.code));
    feed.push(brumeInfo());
    await settle();
    whep.last.connect();
    await settle();
    expect(blocked.getState()).toMatchObject({ autoplay: 'blocked', paused: true });
    expect(codes).toEqual(['player/autoplay-blocked']);
  });

  it('dispatches its events on the container as brume:<type> CustomEvents', async () => {
    const seen: string[] = [];
    for (const type of ['statechange', 'engine', 'ready', 'info']) {
      video.addEventListener(`brume:${type}`, (event) => {
        expect(event).toBeInstanceOf(CustomEvent);
        seen.push(type);
      });
    }
    start();
    feed.push(brumeInfo());
    await settle();
    video.renderFrame(1100);
    expect(seen).toContain('info');
    expect(seen).toContain('engine');
    expect(seen).toContain('ready');
    expect(seen).toContain('statechange');
  });

  it('reports quality of experience periodically and on dispose', async () => {
    const reports: { kind: string; startupMs: number | undefined; engine: string | undefined }[] = [];
    const p = start({ onQoE: (r) => reports.push(r) });
    feed.push(brumeInfo());
    await settle();
    clock = 1400;
    video.renderFrame(1400);
    await vi.advanceTimersByTimeAsync(10_000);
    p.dispose();
    expect(reports.map((r) => r.kind)).toEqual(['periodic', 'final']);
    expect(reports[0]).toMatchObject({ startupMs: 400, engine: 'whep' });
  });

  it('plays plain sources, sniffing their type, with the same selection', async () => {
    const fetcher = vi.fn(
      async () => new Response(null, { headers: { 'content-type': 'application/x-mpegurl' } }),
    );
    player = createPlayer(
      video.asVideo(),
      { sources: [{ url: 'https://cdn.example/live?id=1' }], latencyMeter: false },
      {
        loaders: [whep, ws, new FakeLoader('hlsjs', 'hls')],
        env: fakeEnv,
        now: () => clock,
        fetch: fetcher as never,
      },
    );
    await settle();
    expect(fetcher).toHaveBeenCalledOnce();
    expect(player.getState()).toMatchObject({
      status: 'connecting',
      engine: 'hlsjs',
      protocol: 'hls',
      stream: undefined,
    });
  });

  it('says so when there is nothing to play', () => {
    const p = createPlayer(video.asVideo(), {}, { env: fakeEnv });
    expect(p.getState()).toMatchObject({ status: 'error', error: { code: 'player/no-source' } });
    p.dispose();
  });

  it('waits for a hidden tab to show before it reconnects', async () => {
    const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' as DocumentVisibilityState });
    Object.defineProperty(video, 'ownerDocument', { value: doc });
    const p = start();
    feed.push(brumeInfo());
    await settle();
    video.renderFrame(1100);
    whep.last.events.emit('ended', { reason: 'the connection failed' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(whep.engines).toHaveLength(1);
    expect(p.getState().status).toBe('reconnecting');
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(whep.engines).toHaveLength(2);
  });

  it('leaves ended when an ended VoD is played again', async () => {
    const p = start();
    feed.push(brumeInfo());
    await settle();
    whep.last.live = false;
    whep.last.connect();
    await settle();
    video.renderFrame(1100);
    whep.last.events.emit('complete', {});
    expect(p.getState().status).toBe('ended');
    p.seek(0);
    video.dispatchEvent(new Event('playing'));
    expect(p.getState().status).toBe('playing');
  });

  it('does not time an attempt out while the viewer has not pressed play', async () => {
    const p = start({ autoPlay: false, startTimeoutMs: 3000 });
    feed.push(brumeInfo());
    await settle();
    whep.last.connect();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(p.getState()).toMatchObject({ engine: 'whep', status: 'connecting' });
    await p.play();
    await vi.advanceTimersByTimeAsync(3000);
    expect(p.getState()).toMatchObject({ engine: 'mse-ws', error: { code: 'player/start-timeout' } });
  });

  it('starts the next engine only once the previous one has let go of the element', async () => {
    const p = start();
    feed.push(brumeInfo());
    await settle();
    let release!: () => void;
    whep.last.release = new Promise<void>((resolve) => (release = resolve));
    whep.last.refuse(new Error('ICE failed'));
    await settle();
    expect(p.getState().engine).toBe('mse-ws');
    expect(ws.engines).toHaveLength(0);
    release();
    await settle();
    expect(ws.engines).toHaveLength(1);
  });
});
