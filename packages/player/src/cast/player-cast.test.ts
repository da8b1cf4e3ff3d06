import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPlayer } from '../player';
import type { Player } from '../player-api';
import { FakeInfoSource, FakeLoader, FakeVideo, fakeEnv, streamInfo } from '../testing/fakes';
import type { CastCore, CastHost, CastLink, RemoteControls } from './cast-api';
import { attachLink, castHostOf } from './cast-host';

/** The cast module as the core loads it, replaced: the test plays the link and sees the host. */
const linked = vi.hoisted(() => ({
  host: undefined as CastHost | undefined,
  options: undefined as unknown,
  calls: [] as string[],
}));
vi.mock('./cast-link', () => ({
  linkCast: (core: CastCore, options: unknown): Promise<void> => {
    // The real host over the real core: only the SDK side is replaced.
    linked.host = castHostOf(core);
    linked.options = options;
    const link: CastLink = {
      start: () => {
        linked.calls.push('start');
        return Promise.resolve();
      },
      stop: () => linked.calls.push('stop'),
      dispose: () => linked.calls.push('dispose'),
    };
    attachLink(core, link);
    return Promise.resolve();
  },
}));

const settle = () => vi.advanceTimersByTimeAsync(0);

describe('player core while casting', () => {
  let video: FakeVideo;
  let feed: FakeInfoSource;
  let loader: FakeLoader;
  let player: Player | undefined;

  const start = async (cast?: false | { receiverApplicationId: string }): Promise<Player> => {
    // In a window that could cast (the core loads the cast code only there).
    const element = Object.assign(video.asVideo(), {
      ownerDocument: { defaultView: { isSecureContext: true } },
    });
    player = createPlayer(
      element,
      {
        stream: 'cam',
        server: 'http://server',
        latencyMeter: false,
        ...(cast !== undefined ? { cast } : {}),
      },
      { infoSource: feed, loaders: [loader], env: fakeEnv, random: () => 0.5, now: () => 0 },
    );
    feed.push(streamInfo('cam', 'live'));
    await settle();
    loader.last.connect();
    await settle();
    video.renderFrame(100);
    return player;
  };

  beforeEach(() => {
    vi.useFakeTimers();
    video = new FakeVideo();
    feed = new FakeInfoSource();
    loader = new FakeLoader();
    linked.host = undefined;
    linked.options = undefined;
    linked.calls = [];
  });
  afterEach(() => {
    player?.dispose();
    player = undefined;
    vi.useRealTimers();
  });

  it('does not load the cast code for an element in no window', async () => {
    player = createPlayer(
      video.asVideo(),
      { stream: 'cam', server: 'http://server', latencyMeter: false },
      { infoSource: feed, loaders: [loader], env: fakeEnv, random: () => 0.5, now: () => 0 },
    );
    await settle();
    expect(linked.host).toBeUndefined();
  });

  it('does not load the cast code when casting is off', async () => {
    const p = await start(false);
    await settle();
    expect(linked.host).toBeUndefined();
    await p.startCast();
    expect(linked.calls).toEqual([]);
  });

  it('loads it with the page options, and startCast/stopCast/dispose reach the link', async () => {
    const p = await start({ receiverApplicationId: 'ABCD1234' });
    await settle();
    expect(linked.options).toEqual({ receiverApplicationId: 'ABCD1234' });
    await p.startCast();
    p.stopCast();
    p.dispose();
    expect(linked.calls).toEqual(['start', 'stop', 'dispose']);
  });

  it('stops the engine on hand-over, sends controls to the receiver, and starts no attempt meanwhile', async () => {
    const p = await start();
    await settle();
    const engine = loader.last;
    const sent: string[] = [];
    const remote: RemoteControls = {
      play: () => sent.push('play'),
      pause: () => sent.push('pause'),
      seek: (t) => sent.push(`seek ${t}`),
      goLive: () => sent.push('live'),
      setVolume: (v) => sent.push(`volume ${v}`),
      setMuted: (m) => sent.push(`muted ${m}`),
      setTextTrack: (id) => sent.push(`text ${id}`),
    };
    linked.host!.handOver(remote);
    expect(engine.disposed).toBe(true);
    expect(video.paused).toBe(true);

    await p.play();
    p.pause();
    p.seek(12);
    p.goLive();
    p.setVolume(0.5);
    p.setMuted(true);
    p.setTextTrack('fr');
    expect(sent).toEqual(['play', 'pause', 'seek 12', 'live', 'volume 0.5', 'muted true', 'text fr']);
    expect(video.volume).toBe(1);

    feed.push(streamInfo('cam', 'live'));
    await settle();
    expect(loader.engines).toHaveLength(1);

    // The receiver's state was shown meanwhile.
    linked.host!.commit({ volume: 0.2, muted: true, paused: false });
    // The cast ends: a new attempt starts where the receiver was, playing, with the page's volume.
    linked.host!.takeBack(42, false);
    expect(p.getState()).toMatchObject({ volume: 1, muted: false, paused: true });
    await settle();
    expect(loader.engines).toHaveLength(2);
    expect(loader.last.context.startTime).toBe(42);
    expect(p.getState().status).toBe('connecting');
    loader.last.connect();
    await settle();
    expect(video.paused).toBe(false);
    await p.play();
    expect(sent).toHaveLength(7);
  });
});
