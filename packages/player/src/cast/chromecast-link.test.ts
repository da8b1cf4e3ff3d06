// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { NO_TRACKS } from '../engines/types';
import type { PlayerError } from '../player-error';
import type { PlayerState } from '../player-state';
import { streamInfo } from '../testing/fakes';
import type { CastHost, RemoteControls } from './cast-api';
import { ChromecastLink } from './chromecast-link';
import type { FakeCastSdk } from './testing/fake-cast-sdk';
import { installFakeCastSdk } from './testing/fake-cast-sdk';

function liveInfo() {
  const info = streamInfo('cam', 'live');
  info.sources.push(
    {
      protocol: 'll-hls',
      url: '/hls/cam/index.m3u8',
      mime: '',
      priority: 40,
      lowLatency: true,
      tracks: [1, 2],
    },
    {
      protocol: 'll-dash',
      url: '/dash/cam/index.mpd',
      mime: '',
      priority: 30,
      lowLatency: true,
      tracks: [1, 2],
    },
  );
  return info;
}

/** The player core as the link sees it: state committed here, hand-over and take-back recorded. */
class FakeHost implements CastHost {
  readonly video = document.createElement('video');
  readonly server = 'https://relay.example';
  remote: RemoteControls | undefined;
  takenBack: { time: number | undefined; paused: boolean }[] = [];
  errors: PlayerError[] = [];
  state = {
    status: 'playing',
    info: liveInfo(),
    live: true,
    currentTime: 12,
    paused: false,
    tracks: {
      ...NO_TRACKS,
      text: [{ id: 'sub-fr', label: 'Français', language: 'fr' }],
      textId: 'sub-fr',
    },
    seekable: undefined,
    cast: undefined,
  } as unknown as PlayerState;
  getState = () => this.state;
  commit = (patch: Partial<PlayerState>) => {
    this.state = { ...this.state, ...patch };
  };
  handOver = (remote: RemoteControls) => {
    this.remote = remote;
  };
  takeBack = (time: number | undefined, paused: boolean) => {
    this.remote = undefined;
    this.takenBack.push({ time, paused });
  };
  reportError = (error: PlayerError) => {
    this.errors.push(error);
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await tick();
}

let sdk: FakeCastSdk;
let link: ChromecastLink | undefined;
afterEach(() => link?.dispose());

function setup(host = new FakeHost()) {
  sdk = installFakeCastSdk(window);
  link = new ChromecastLink(host, sdk, undefined);
  return { host, link, sdk };
}

async function casting() {
  const s = setup();
  s.sdk.receiver.setup.textTracks = [{ trackId: 7, language: 'fr', name: 'Français' }];
  s.sdk.setDevicesAvailable(true);
  await s.link.start();
  await settle();
  return s;
}

describe('ChromecastLink', () => {
  it('sets the Default Media Receiver, ORIGIN_SCOPED, and shows a button only when a device is there', () => {
    const { host, sdk } = setup();
    expect(sdk.options).toEqual({ receiverApplicationId: 'CC1AD845', autoJoinPolicy: 'origin_scoped' });
    expect(host.state.cast).toEqual({
      kind: 'chromecast',
      available: false,
      session: 'none',
      device: undefined,
    });
    sdk.setDevicesAvailable(true);
    expect(host.state.cast?.available).toBe(true);
    sdk.setDevicesAvailable(false);
    expect(host.state.cast?.available).toBe(false);
  });

  it('uses the receiver app it is given', () => {
    sdk = installFakeCastSdk(window);
    link = new ChromecastLink(new FakeHost(), sdk, 'ABCD1234');
    expect(sdk.options?.receiverApplicationId).toBe('ABCD1234');
  });

  it('loads the LL-HLS URL (absolute, LIVE) on the receiver and hands the controls over', async () => {
    const { host, sdk } = await casting();
    const load = sdk.receiver.commands.find((c) => c.type === 'load');
    expect(load?.type === 'load' && load.request.media.contentId).toBe(
      'https://relay.example/hls/cam/index.m3u8',
    );
    expect(load?.type === 'load' && load.request.media.streamType).toBe('LIVE');
    expect(host.remote).toBeDefined();
    expect(host.state.cast).toEqual({
      kind: 'chromecast',
      available: true,
      session: 'connected',
      device: 'Living Room TV',
    });
    expect(host.state.paused).toBe(false);
    expect(host.state.seekable).toEqual({ start: 940, end: 1000 });
    expect(host.state.atLiveEdge).toBe(true);
    // The French subtitles showing locally are turned on among the receiver's own tracks.
    expect(sdk.receiver.commands).toContainEqual({ type: 'tracks', activeTrackIds: [7] });
    expect(sdk.receiver.activeTrackIds).toEqual([7]);
  });

  it('drives the receiver and shows what it reports (pause, seek in the DVR window, volume, mute)', async () => {
    const { host, sdk } = await casting();
    const remote = host.remote!;
    remote.pause();
    expect(host.state.paused).toBe(false); // not before the receiver says so
    await settle();
    expect(host.state.paused).toBe(true);
    remote.play();
    await settle();
    expect(host.state.paused).toBe(false);

    remote.seek(970);
    await settle();
    expect(host.state.currentTime).toBe(970);
    expect(host.state.liveLatency).toBe(30);
    expect(host.state.atLiveEdge).toBe(false);
    sdk.receiver.advance(2);
    expect(host.state.currentTime).toBe(972);
    remote.goLive();
    await settle();
    expect(host.state.currentTime).toBe(1002);

    remote.setVolume(0.25);
    remote.setMuted(true);
    await settle();
    expect(host.state).toMatchObject({ volume: 0.25, muted: true });
    expect(sdk.receiver.commands.map((c) => c.type)).toEqual([
      'load',
      'tracks',
      'pause',
      'play',
      'seek',
      'seek',
      'volume',
      'mute',
    ]);
  });

  it('puts a viewer watching back in the DVR window as far behind the receiver live edge', async () => {
    const host = new FakeHost();
    host.state = { ...host.state, atLiveEdge: false, liveLatency: 25 };
    const { sdk } = setup(host);
    sdk.setDevicesAvailable(true);
    await link!.start();
    await settle();
    const commands = sdk.receiver.commands.filter((c) => c.type === 'load' || c.type === 'seek');
    // The receiver window is 940..1000: 25 s behind its edge.
    expect(commands.map((c) => c.type)).toEqual(['load', 'seek']);
    expect(commands[1]).toEqual({ type: 'seek', time: 975 });
    expect(host.state.liveLatency).toBe(25);
    expect(host.state.atLiveEdge).toBe(false);
  });

  it('leaves a viewer at the live edge at the receiver edge (no seek)', async () => {
    const { sdk } = await casting();
    expect(sdk.receiver.commands.some((c) => c.type === 'seek')).toBe(false);
  });

  it('switches the receiver subtitles with EditTracksInfoRequest', async () => {
    const { host, sdk } = await casting();
    host.remote!.setTextTrack(undefined);
    await settle();
    expect(sdk.receiver.activeTrackIds).toEqual([]);
    expect(host.state.tracks.textId).toBeUndefined();
    host.remote!.setTextTrack('sub-fr');
    await settle();
    expect(sdk.receiver.activeTrackIds).toEqual([7]);
  });

  it('gives playback back at the live edge when a live cast ends', async () => {
    const { host } = await casting();
    link!.stop();
    await settle();
    expect(host.takenBack).toEqual([{ time: undefined, paused: false }]);
    expect(host.state.cast).toMatchObject({ session: 'none', device: undefined, available: true });
  });

  it('gives a VoD back at the receiver position, paused if it was', async () => {
    const host = new FakeHost();
    host.state = { ...host.state, live: false, currentTime: 42 };
    const { sdk } = setup(host);
    sdk.receiver.setup.vodDurationS = 600;
    sdk.setDevicesAvailable(true);
    await link!.start();
    await settle();
    const load = sdk.receiver.commands[0];
    expect(load?.type === 'load' && [load.request.media.streamType, load.request.currentTime]).toEqual([
      'BUFFERED',
      42,
    ]);
    expect(host.state).toMatchObject({ duration: 600, seekable: { start: 0, end: 600 }, currentTime: 42 });
    sdk.receiver.advance(5);
    host.remote!.pause();
    await settle();
    sdk.context.endCurrentSession(true);
    expect(host.takenBack).toEqual([{ time: 47, paused: true }]);
  });

  it('joins a session that already plays this stream without loading it again', async () => {
    const first = await casting();
    const loads = () => first.sdk.receiver.commands.filter((c) => c.type === 'load').length;
    expect(loads()).toBe(1);
    // A second tab of the same origin (ORIGIN_SCOPED): the SDK reports the running session.
    const other = new FakeHost();
    const second = new ChromecastLink(other, first.sdk, undefined);
    expect(other.remote).toBeDefined();
    await settle();
    expect(loads()).toBe(1);
    expect(other.state.cast?.device).toBe('Living Room TV');
    second.dispose();
  });

  it('leaves alone a session another page of the origin started for other media, until asked', async () => {
    const first = await casting();
    const other = new FakeHost();
    other.state = { ...other.state, info: { ...liveInfo(), name: 'other' } };
    other.state.info!.sources = other.state.info!.sources.map((s) => ({
      ...s,
      url: s.url.replace('cam', 'other'),
    }));
    const second = new ChromecastLink(other, first.sdk, undefined);
    await settle();
    expect(other.remote).toBeUndefined();
    expect(other.state.cast).toMatchObject({ available: true, session: 'none' });
    expect(first.sdk.receiver.commands.filter((c) => c.type === 'load')).toHaveLength(1);
    // Its viewer casts: the picker shows the running session's device, and this stream replaces the other.
    await second.start();
    await settle();
    const loads = first.sdk.receiver.commands.filter((c) => c.type === 'load');
    expect(loads.map((c) => c.type === 'load' && c.request.media.contentId)).toEqual([
      'https://relay.example/hls/cam/index.m3u8',
      'https://relay.example/hls/other/index.m3u8',
    ]);
    expect(other.remote).toBeDefined();
    expect(other.state.cast?.session).toBe('connected');
    // The first page sees its stream replaced: it plays locally again (live: at the edge).
    expect(first.host.takenBack).toEqual([{ time: undefined, paused: false }]);
    expect(first.host.remote).toBeUndefined();
    expect(first.host.state.cast?.session).toBe('none');
    second.dispose();
  });

  it('treats a closed picker as nothing, and a refused load as a cast error', async () => {
    const { host, sdk } = setup();
    sdk.setDevicesAvailable(true);
    sdk.cancelPicker = true;
    await link!.start();
    expect(host.errors).toEqual([]);
    expect(host.remote).toBeUndefined();
    sdk.cancelPicker = false;
    sdk.receiver.setup.loadError = 'load_media_failed';
    await link!.start();
    await settle();
    expect(host.errors.map((e) => e.code)).toEqual(['player/cast-failed']);
    expect(sdk.receiver.commands.map((c) => c.type)).toEqual(['load', 'stop']);
    expect(host.takenBack).toEqual([{ time: undefined, paused: false }]);
    expect(host.state.cast?.session).toBe('none');
  });

  it('reports a stream with no HLS or DASH output instead of casting it', async () => {
    const host = new FakeHost();
    host.state.info!.sources = host.state.info!.sources.filter((s) => s.protocol === 'whep');
    const { sdk } = setup(host);
    sdk.setDevicesAvailable(true);
    await link!.start();
    await settle();
    expect(host.errors.map((e) => e.code)).toEqual(['player/cast-failed']);
    // Nothing loaded; the session the viewer opened is ended, local playback never stopped.
    expect(sdk.receiver.commands).toEqual([{ type: 'stop' }]);
    expect(host.state.cast?.session).toBe('none');
    expect(host.remote).toBeUndefined();
    expect(host.takenBack).toEqual([]);
  });

  it('puts the receiver state back over what the local element reports while casting', async () => {
    const { host } = await casting();
    host.commit({ paused: true, currentTime: 1 }); // the core's own `pause` handler ran first
    host.video.dispatchEvent(new Event('pause'));
    expect(host.state).toMatchObject({ paused: false, currentTime: 1000 });
  });

  it('leaves no listener on the SDK once disposed', async () => {
    const { sdk } = await casting();
    expect(sdk.listenerCount()).toBeGreaterThan(0);
    link!.dispose();
    link = undefined;
    expect(sdk.listenerCount()).toBe(0);
  });
});
