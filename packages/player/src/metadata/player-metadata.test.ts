import type { MetadataEvent, StreamInfo } from '@brume/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPlayer, type Player } from '../player';
import type { PlayerError } from '../player-error';
import { FakeInfoSource, FakeLoader, FakeVideo, fakeEnv, streamInfo } from '../testing/fakes';
import type { FiredMetadataEvent } from './metadata-api';
import { FRAME_SILENCE_MS } from './metadata-controller';

const settle = () => vi.advanceTimersByTimeAsync(0);

function liveInfo(): StreamInfo {
  const info = streamInfo('cam', 'live');
  info.tracks.push(
    { id: 3, kind: 'meta', codec: 'json', name: 'chat' },
    { id: 4, kind: 'subtitle', codec: 'webvtt', name: 'captions', lang: 'en' },
  );
  info.timeline.dvrWindowMs = 60_000;
  return info;
}

const ev = (track: string, time: number, extra: Partial<MetadataEvent> = {}): MetadataEvent => ({
  track,
  time,
  data: { at: time },
  ...extra,
});

describe('player.metadata (core with a fake engine)', () => {
  let video: FakeVideo;
  let feed: FakeInfoSource;
  let loader: FakeLoader;
  let clock: number;
  let player: Player | undefined;
  let fired: string[];

  const start = (onMetadata?: Record<string, (e: FiredMetadataEvent) => void>): Player => {
    player = createPlayer(
      video.asVideo(),
      { stream: 'cam', server: 'http://server', latencyMeter: false, onMetadata },
      { infoSource: feed, loaders: [loader], env: fakeEnv, random: () => 0.5, now: () => clock },
    );
    return player;
  };
  /** Live, connected, first frame at stream time 1000 ms (media time 1 s: the fake maps 1:1). */
  const playing = async (p: Player) => {
    feed.push(liveInfo());
    await settle();
    loader.last.connect();
    await settle();
    frame(1000);
    expect(p.getState().status).toBe('playing');
  };
  /** Presents a frame whose media time is `ms` / 1000. */
  const frame = (ms: number) => {
    clock = ms;
    video.renderFrame(ms);
  };
  const emit = (...events: MetadataEvent[]) => loader.last.events.emit('metadata', { events });
  const record = (e: FiredMetadataEvent) => fired.push(`${e.track}@${e.time}${e.late ? ' late' : ''}`);

  beforeEach(() => {
    vi.useFakeTimers();
    video = new FakeVideo();
    feed = new FakeInfoSource();
    loader = new FakeLoader();
    clock = 0;
    fired = [];
  });
  afterEach(() => {
    player?.dispose();
    player = undefined;
    vi.useRealTimers();
  });

  it('lists the stream metadata tracks and announces changes', async () => {
    const p = start();
    const announced: string[][] = [];
    p.on('metadatatracks', ({ tracks }) => announced.push(tracks.map((t) => t.name)));
    expect(p.metadata.tracks).toEqual([]);
    await playing(p);
    expect(p.metadata.tracks).toEqual([
      { name: 'chat', kind: 'json' },
      { name: 'captions', kind: 'subtitle', lang: 'en' },
    ]);
    // The same tracks again: no announcement. A track first seen in an event: listed as json.
    feed.push(liveInfo());
    emit(ev('score', 5000));
    expect(announced).toEqual([
      ['chat', 'captions'],
      ['chat', 'captions', 'score'],
    ]);
  });

  it('calls subscribers when the frame at the event time is displayed, by track and for "*"', async () => {
    const p = start();
    await playing(p);
    p.metadata.subscribe('chat', record);
    const all: string[] = [];
    p.metadata.subscribe('*', (e) => all.push(e.track));
    emit(ev('chat', 1100), ev('captions', 1050, { data: 'Hello', duration: 100 }), ev('chat', 1200));
    expect(fired).toEqual([]);
    frame(1033);
    expect(all).toEqual([]);
    frame(1066);
    expect(all).toEqual(['captions']);
    frame(1100);
    expect(fired).toEqual(['chat@1100']);
    frame(1233);
    expect(fired).toEqual(['chat@1100', 'chat@1200']);
    expect(all).toEqual(['captions', 'chat', 'chat']);
  });

  it('maps frames through the engine: events follow stream time, not media time', async () => {
    const p = start();
    feed.push(liveInfo());
    await settle();
    loader.last.streamOffsetMs = 50_000;
    loader.last.connect();
    await settle();
    p.metadata.subscribe('chat', record);
    emit(ev('chat', 1500), ev('chat', 51_500));
    frame(1000);
    frame(1500);
    expect(fired).toEqual(['chat@51500']);
  });

  it('unsubscribe stops one callback, not the others', async () => {
    const p = start();
    await playing(p);
    const off = p.metadata.subscribe('chat', record);
    const other = vi.fn();
    p.metadata.subscribe('chat', other);
    off();
    emit(ev('chat', 1100));
    frame(1100);
    expect(fired).toEqual([]);
    expect(other).toHaveBeenCalledWith({ track: 'chat', time: 1100, data: { at: 1100 }, late: false });
  });

  it('fires an event that arrives behind the displayed frame at once, flagged late', async () => {
    const p = start();
    await playing(p);
    p.metadata.subscribe('*', record);
    frame(2000);
    emit(ev('chat', 1800));
    expect(fired).toEqual(['chat@1800 late']);
  });

  it('delivers events from the onMetadata option, subscribed at creation', async () => {
    const chat = vi.fn();
    const any = vi.fn();
    const p = start({ chat, '*': any });
    await playing(p);
    emit(ev('chat', 1100), ev('captions', 1100, { data: 'x' }));
    frame(1100);
    expect(chat).toHaveBeenCalledTimes(1);
    expect(any).toHaveBeenCalledTimes(2);
  });

  it('reports a throwing callback as an error and still calls the others', async () => {
    const p = start();
    await playing(p);
    const errors: { error: PlayerError; fatal: boolean }[] = [];
    p.on('error', (e) => errors.push(e));
    p.metadata.subscribe('chat', () => {
      throw new Error('page bug');
    });
    p.metadata.subscribe('chat', record);
    emit(ev('chat', 1100), ev('chat', 1150));
    frame(1200);
    expect(fired).toEqual(['chat@1100', 'chat@1150']);
    expect(errors).toHaveLength(2);
    expect(errors[0]?.fatal).toBe(false);
    expect(errors[0]?.error.code).toBe('player/listener-threw');
    expect(errors[0]?.error.message).toContain('"chat"');
    expect((errors[0]?.error.cause as Error).message).toBe('page bug');
    expect(p.getState().status).toBe('playing');
  });

  it('re-arms on a seek: events before the new position stay silent, those after it wait', async () => {
    const p = start();
    await playing(p);
    p.metadata.subscribe('*', record);
    emit(ev('chat', 1500), ev('chat', 5000), ev('chat', 6000));
    p.seek(5.5);
    expect(loader.last.seeks).toEqual([5.5]);
    frame(5500);
    frame(6000);
    expect(fired).toEqual(['chat@6000']);
    // The viewer's seek back re-arms: its span fires again.
    p.seek(1.4);
    video.dispatchEvent(new Event('seeking'));
    frame(1400);
    frame(1500);
    expect(fired).toEqual(['chat@6000', 'chat@1500']);
  });

  it("goes on through the engine's own jumps: skipped events fire late, a jump back replays nothing", async () => {
    const p = start();
    await playing(p);
    p.metadata.subscribe('*', record);
    emit(ev('chat', 1500), ev('chat', 7000), ev('chat', 8000), ev('chat', 8480), ev('chat', 9000));
    frame(1600);
    frame(6000);
    expect(fired).toEqual(['chat@1500']);
    // Seconds after any seek of the viewer's, the element seeks by itself (live catch-up) ...
    video.dispatchEvent(new Event('seeking'));
    frame(8500);
    // ... and the events it jumped over are not lost: late, except the one this frame is for.
    expect(fired).toEqual(['chat@1500', 'chat@7000 late', 'chat@8000 late', 'chat@8480']);
    frame(9000);
    expect(fired.at(-1)).toBe('chat@9000');
    // A jump back by the engine (a stall recovery) replays nothing.
    video.dispatchEvent(new Event('seeking'));
    frame(1400);
    frame(7000);
    frame(9100);
    expect(fired).toHaveLength(5);
    // A jump far ahead is a new start, as a seek is: what lies between stays silent.
    emit(ev('chat', 15_000), ev('chat', 30_000));
    video.dispatchEvent(new Event('seeking'));
    frame(29_000);
    frame(30_000);
    expect(fired.slice(5)).toEqual(['chat@30000']);
  });

  it('a seek back replays its span even when a frame of the old position comes while seeking', async () => {
    const p = start();
    await playing(p);
    p.metadata.subscribe('*', record);
    emit(ev('chat', 1500), ev('chat', 5000));
    frame(5100);
    expect(fired).toEqual(['chat@1500', 'chat@5000']);
    p.seek(1.4);
    video.seeking = true;
    video.currentTime = 1.4;
    video.dispatchEvent(new Event('seeking'));
    // Chromium under load: a frame painted before the seek reached the pipeline, reported after
    // `seeking`. It is not the new position, so it must not start the new run there.
    frame(5140);
    // The new position's first frame can come before the seek completes.
    frame(1400);
    video.seeking = false;
    frame(1500);
    frame(5000);
    expect(fired).toEqual(['chat@1500', 'chat@5000', 'chat@1500', 'chat@5000']);
  });

  it('fires nothing while paused, even when timeupdate comes without frames', async () => {
    const p = start();
    await playing(p);
    p.metadata.subscribe('*', record);
    p.pause();
    emit(ev('chat', 1100));
    video.currentTime = 2;
    clock += FRAME_SILENCE_MS * 4;
    video.dispatchEvent(new Event('timeupdate'));
    expect(fired).toEqual([]);
  });

  it('falls back to the playhead when frames stop while playing (hidden tab, audio only)', async () => {
    const p = start();
    await playing(p);
    p.metadata.subscribe('*', record);
    emit(ev('chat', 1300));
    video.currentTime = 1.3;
    clock = 1000 + FRAME_SILENCE_MS - 1;
    video.dispatchEvent(new Event('timeupdate'));
    expect(fired).toEqual([]);
    clock = 1000 + FRAME_SILENCE_MS;
    video.dispatchEvent(new Event('timeupdate'));
    expect(fired).toEqual(['chat@1300']);
  });

  it('re-arms for a new attempt: the new engine starts a new run', async () => {
    const p = start();
    await playing(p);
    p.metadata.subscribe('*', record);
    emit(ev('chat', 1500), ev('chat', 4000));
    loader.last.events.emit('ended', { reason: 'network' });
    await vi.advanceTimersByTimeAsync(500);
    expect(loader.engines).toHaveLength(2);
    loader.last.connect();
    await settle();
    // The new engine joins at 3 s: what was before (1.5 s) is not played; what follows is.
    frame(3000);
    frame(4000);
    expect(fired).toEqual(['chat@4000']);
    // Events the old engine reported are known: the new engine repeating them changes nothing.
    emit(ev('chat', 4000));
    expect(fired).toEqual(['chat@4000']);
  });

  it('dispose() stops everything', async () => {
    const p = start();
    await playing(p);
    p.metadata.subscribe('*', record);
    const engine = loader.last;
    emit(ev('chat', 1100));
    p.dispose();
    player = undefined;
    engine.events.emit('metadata', { events: [ev('chat', 1050)] });
    video.renderFrame(1200);
    video.dispatchEvent(new Event('timeupdate'));
    expect(fired).toEqual([]);
    expect(p.metadata.subscribe('*', record)).toBeTypeOf('function');
    expect(engine.events.hasListeners('metadata')).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('times events on currentTime where requestVideoFrameCallback is missing', async () => {
    const noFrames = video as unknown as { requestVideoFrameCallback?: unknown };
    Object.defineProperty(noFrames, 'requestVideoFrameCallback', { value: undefined });
    const p = start();
    p.metadata.subscribe('*', record);
    feed.push(liveInfo());
    await settle();
    loader.last.connect();
    await settle();
    loader.last.events.emit('playing', {});
    expect(p.getState().status).toBe('playing');
    video.currentTime = 1;
    video.dispatchEvent(new Event('timeupdate'));
    emit(ev('chat', 1250));
    await vi.advanceTimersByTimeAsync(249);
    expect(fired).toEqual([]);
    video.currentTime = 1.25;
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toEqual(['chat@1250']);
  });
});
