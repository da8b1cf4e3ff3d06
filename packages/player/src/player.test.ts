import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BACKOFF } from './backoff';
import {
  MAX_RECONNECT_ATTEMPTS,
  STALL_TIMEOUT_MS,
  createPlayer,
  type Player,
  type PlayerDeps,
} from './player';
import { PlayerError } from './player-error';
import type { PlayerStatus } from './player-state';
import { FakeInfoSource, FakeLoader, FakeVideo, fakeEnv, streamInfo } from './testing/fakes';

/** Lets pending promise callbacks (engine load, engine start) run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('player core', () => {
  let video: FakeVideo;
  let feed: FakeInfoSource;
  let loader: FakeLoader;
  let clock: number;
  let player: Player | undefined;

  const start = (stream = 'cam', deps: PlayerDeps = {}): Player => {
    player = createPlayer(
      video.asVideo(),
      { stream, server: 'http://server', latencyMeter: false },
      { infoSource: feed, loaders: [loader], env: fakeEnv, random: () => 0.5, now: () => clock, ...deps },
    );
    return player;
  };
  const statuses = (p: Player): PlayerStatus[] => {
    const seen: PlayerStatus[] = [];
    p.subscribe(() => {
      const s = p.getState().status;
      if (seen[seen.length - 1] !== s) seen.push(s);
    });
    return seen;
  };

  beforeEach(() => {
    vi.useFakeTimers();
    video = new FakeVideo();
    feed = new FakeInfoSource();
    loader = new FakeLoader();
    clock = 1000;
  });
  afterEach(() => {
    player?.dispose();
    player = undefined;
    vi.useRealTimers();
  });

  it('waits on an offline stream and starts by itself when it goes live', async () => {
    const p = start();
    expect(feed.started).toBe(1);
    expect(p.getState().status).toBe('waiting');
    const seen = statuses(p);
    feed.push(streamInfo('cam', 'offline'));
    expect(p.getState().status).toBe('waiting');

    feed.push(streamInfo('cam', 'live'));
    expect(p.getState().status).toBe('connecting');
    await settle();
    loader.last.connect();
    await settle();
    expect(p.getState()).toMatchObject({
      status: 'connecting',
      engine: 'fake',
      sourceUrl: 'http://server/whep/cam',
    });
    expect(video.paused).toBe(false);

    clock = 1250;
    video.renderFrame(1250);
    expect(p.getState().status).toBe('playing');
    expect(seen).toEqual(['waiting', 'connecting', 'playing']);
    const stats = p.getStats();
    expect(stats.timeToFirstFrameMs).toBe(250);
    expect(stats.framesRendered).toBe(1);
    expect(stats).toMatchObject({ width: 1280, height: 720, audioLive: true });
  });

  it('shows "ended" when the publisher stops and plays again when it comes back', async () => {
    const p = start();
    feed.push(streamInfo('cam', 'live'));
    await settle();
    video.renderFrame(1100);
    expect(p.getState().status).toBe('playing');
    const first = loader.last;

    feed.push(streamInfo('cam', 'ended', false));
    expect(p.getState().status).toBe('ended');
    expect(first.disposed).toBe(true);
    // The server closed its viewers' sessions itself; a DELETE would only earn a 404.
    expect(first.sessionGone).toBe(true);
    // A stream that stays gone stays ended, even when the server forgets it.
    feed.push(streamInfo('cam', 'offline'));
    expect(p.getState().status).toBe('ended');

    feed.push(streamInfo('cam', 'starting', false));
    expect(p.getState().status).toBe('waiting');
    feed.push(streamInfo('cam', 'live'));
    expect(p.getState().status).toBe('connecting');
    await settle();
    expect(loader.engines).toHaveLength(2);
    video.renderFrame(2000);
    expect(p.getState().status).toBe('playing');
  });

  it('treats a connection that drops before the feed says "ended" as ended once the feed catches up', async () => {
    const p = start();
    feed.push(streamInfo('cam', 'live'));
    await settle();
    video.renderFrame(1100);
    loader.last.events.emit('ended', { reason: 'the server closed the connection' });
    expect(p.getState().status).toBe('reconnecting');
    expect(feed.refreshes).toBe(1);
    feed.push(streamInfo('cam', 'ended', false));
    expect(p.getState().status).toBe('ended');
    await vi.advanceTimersByTimeAsync(DEFAULT_BACKOFF.maxMs * 2);
    expect(loader.engines).toHaveLength(1);
    expect(p.getState().status).toBe('ended');
  });

  it('reconnects with backoff while the stream is still live', async () => {
    const p = start();
    const errors: boolean[] = [];
    p.on('error', ({ fatal }) => errors.push(fatal));
    feed.push(streamInfo('cam', 'live'));
    await settle();
    video.renderFrame(1100);

    loader.last.events.emit('ended', { reason: 'the connection failed' });
    expect(p.getState()).toMatchObject({ status: 'reconnecting', error: { code: 'player/connection-lost' } });
    expect(loader.last.sessionGone).toBe(false);
    expect(errors).toEqual([false]);
    // random() = 0.5 means no jitter: the first retry comes after exactly 500 ms.
    await vi.advanceTimersByTimeAsync(499);
    expect(loader.engines).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(loader.engines).toHaveLength(2);
    expect(p.getState().status).toBe('reconnecting');
    video.renderFrame(3000);
    expect(p.getState()).toMatchObject({ status: 'playing', error: undefined });
  });

  it('gives up with "error" after repeated failures and recovers when the feed says live', async () => {
    const p = start();
    feed.push(streamInfo('cam', 'live'));
    for (let i = 0; i <= MAX_RECONNECT_ATTEMPTS; i++) {
      await settle();
      loader.last.refuse(new Error('ICE failed'));
      await settle();
      await vi.advanceTimersByTimeAsync(DEFAULT_BACKOFF.maxMs);
    }
    expect(loader.engines).toHaveLength(MAX_RECONNECT_ATTEMPTS + 1);
    expect(p.getState()).toMatchObject({ status: 'error', error: { code: 'player/engine-failed' } });
    expect(vi.getTimerCount()).toBe(0);

    feed.push(streamInfo('cam', 'live'));
    expect(p.getState().status).toBe('connecting');
    await settle();
    video.renderFrame(9000);
    expect(p.getState().status).toBe('playing');
  });

  it('does not retry when the server refuses the token', async () => {
    const p = start();
    feed.push(streamInfo('cam', 'live'));
    await settle();
    loader.last.refuse(new PlayerError('player/unauthorized', 'no'));
    await settle();
    expect(p.getState()).toMatchObject({ status: 'error', error: { code: 'player/unauthorized' } });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('opens every source with its viewer token', async () => {
    player = createPlayer(
      video.asVideo(),
      { stream: 'cam', server: 'http://server', latencyMeter: false, token: 'tok.en' },
      { infoSource: feed, loaders: [loader], env: fakeEnv, random: () => 0.5, now: () => clock },
    );
    feed.push(streamInfo('cam', 'live'));
    await settle();
    expect(loader.last.context.source.url).toBe('http://server/whep/cam?token=tok.en');
    expect(loader.last.context.token).toBe('tok.en');
    expect(player.getState().sourceUrl).toBe('http://server/whep/cam?token=tok.en');
  });

  it('says the server refuses the viewer when the stream info does, without trying a source', async () => {
    const p = start();
    const info = streamInfo('cam', 'live');
    info.error = {
      code: 'auth/token-invalid',
      message: 'the viewer token for stream cam is refused: it has expired',
    };
    feed.push(info);
    await settle();
    expect(p.getState()).toMatchObject({ status: 'error', error: { code: 'player/unauthorized' } });
    expect(p.getState().error?.message).toContain('expired');
    expect(loader.engines).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
    // A later info without the refusal (a new config) plays.
    feed.push(streamInfo('cam', 'live'));
    await settle();
    expect(loader.engines).toHaveLength(1);
  });

  it('lets a playing session whose token expired play on, and stops instead of retrying when it breaks', async () => {
    const p = start();
    feed.push(streamInfo('cam', 'live'));
    await settle();
    loader.last.connect();
    await settle();
    video.renderFrame(1100);
    expect(p.getState().status).toBe('playing');
    const expired = streamInfo('cam', 'live');
    expired.error = { code: 'auth/token-invalid', message: 'it has expired' };
    feed.push(expired);
    await settle();
    expect(p.getState().status).toBe('playing');
    loader.last.events.emit('error', { error: new PlayerError('player/engine-failed', 'HTTP 403') });
    await settle();
    expect(p.getState()).toMatchObject({ status: 'error', error: { code: 'player/unauthorized' } });
    expect(loader.engines).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fails with no-compatible-source when no engine can play any source', () => {
    const p = start('cam', { env: { ...fakeEnv }, loaders: [] });
    feed.push(streamInfo('cam', 'live'));
    expect(p.getState()).toMatchObject({ status: 'error', error: { code: 'player/no-compatible-source' } });
  });

  it('rejects an invalid stream name without contacting the server', () => {
    const p = start('../etc');
    expect(p.getState()).toMatchObject({ status: 'error', error: { code: 'player/invalid-stream-name' } });
    expect(feed.started).toBe(0);
  });

  it('counts a stall that outlasts the timeout as a failure', async () => {
    const p = start();
    feed.push(streamInfo('cam', 'live'));
    await settle();
    video.renderFrame(1100);
    loader.last.events.emit('stalled', { reason: 'ICE disconnected' });
    await vi.advanceTimersByTimeAsync(STALL_TIMEOUT_MS - 1);
    expect(p.getState().status).toBe('playing');
    loader.last.events.emit('playing', {});
    await vi.advanceTimersByTimeAsync(STALL_TIMEOUT_MS);
    expect(p.getState().status).toBe('playing');
    loader.last.events.emit('stalled', { reason: 'ICE disconnected' });
    await vi.advanceTimersByTimeAsync(STALL_TIMEOUT_MS);
    expect(p.getState()).toMatchObject({ status: 'reconnecting', error: { code: 'player/stalled' } });
  });

  it('commits muted and paused only when the element reports them', async () => {
    const p = start();
    expect(p.getState().muted).toBe(false);
    p.setMuted(true);
    expect(p.getState().muted).toBe(true);
    await p.play();
    expect(p.getState().paused).toBe(false);
    p.pause();
    expect(p.getState().paused).toBe(true);
  });

  it('turns a throwing listener into an error event', async () => {
    const p = start();
    const codes: string[] = [];
    p.on('error', ({ error }) => codes.push(error.code));
    p.on('info', () => {
      throw new Error('page bug');
    });
    feed.push(streamInfo('cam', 'offline'));
    expect(codes).toEqual(['player/listener-threw']);
    expect(p.getState().status).toBe('waiting');
  });

  it('polls transport stats every second while live', async () => {
    const p = start();
    const seen: number[] = [];
    p.on('stats', ({ stats }) => seen.push(stats.transport?.bitrate ?? 0));
    feed.push(streamInfo('cam', 'live'));
    await settle();
    await vi.advanceTimersByTimeAsync(3000);
    expect(seen).toEqual([]);
    video.renderFrame(1100);
    await vi.advanceTimersByTimeAsync(2000);
    expect(seen).toEqual([1_000_000, 1_000_000]);
  });

  it('dispose releases the engine, the feed, frame callbacks and every timer', async () => {
    const p = start();
    feed.push(streamInfo('cam', 'live'));
    await settle();
    video.renderFrame(1100);
    loader.last.events.emit('stalled', { reason: 'x' });
    const engine = loader.last;
    p.dispose();
    expect(engine.disposed).toBe(true);
    expect(feed.disposed).toBe(true);
    expect(video.frameCallbacks.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(p.getState().status).toBe('idle');
  });
});
