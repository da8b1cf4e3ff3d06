// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { PlayerState } from '../player-state';
import type { CastHost } from './cast-api';
import { RemotePlaybackLink } from './remote-playback-link';

/**
 * `HTMLMediaElement.remote` as the Remote Playback spec (W3C) and Safari's AirPlay define it:
 * availability is reported through `watchAvailability`'s callback, `prompt()` opens the device
 * picker, and `state` moves through `connecting`/`connected`/`disconnected` with an event each.
 */
class FakeRemotePlayback extends EventTarget implements RemotePlayback {
  state: RemotePlaybackState = 'disconnected';
  onconnect = null;
  onconnecting = null;
  ondisconnect = null;
  callbacks = new Map<number, RemotePlaybackAvailabilityCallback>();
  prompts = 0;
  /** What the picker does: a device picked, or dismissed (NotAllowedError). */
  pick: 'device' | 'dismiss' = 'device';
  refuseWatching = false;
  private nextId = 1;

  watchAvailability(callback: RemotePlaybackAvailabilityCallback): Promise<number> {
    if (this.refuseWatching) {
      return Promise.reject(new DOMException('not for this element', 'NotSupportedError'));
    }
    const id = this.nextId++;
    this.callbacks.set(id, callback);
    return Promise.resolve(id);
  }
  cancelWatchAvailability(id?: number): Promise<void> {
    if (id === undefined) this.callbacks.clear();
    else this.callbacks.delete(id);
    return Promise.resolve();
  }
  prompt(): Promise<void> {
    this.prompts++;
    if (this.pick === 'dismiss') return Promise.reject(new DOMException('dismissed', 'NotAllowedError'));
    // Picking a device while connected is how the picker disconnects it.
    if (this.state === 'connected') this.move('disconnected', 'disconnect');
    else {
      this.move('connecting', 'connecting');
      this.move('connected', 'connect');
    }
    return Promise.resolve();
  }
  setAvailable(available: boolean): void {
    for (const callback of this.callbacks.values()) callback(available);
  }
  private move(state: RemotePlaybackState, event: string): void {
    this.state = state;
    this.dispatchEvent(new Event(event));
  }
}

class FakeHost implements CastHost {
  readonly video = document.createElement('video');
  readonly server = 'https://relay.example';
  state = { cast: undefined } as unknown as PlayerState;
  casts: PlayerState['cast'][] = [];
  getState = () => this.state;
  commit = (patch: Partial<PlayerState>) => {
    this.state = { ...this.state, ...patch };
    if ('cast' in patch) this.casts.push(patch.cast);
  };
  handOver = () => {
    throw new Error('Remote Playback moves the element itself: nothing is handed over');
  };
  takeBack = () => {
    throw new Error('nothing to take back');
  };
  reportError = () => undefined;
}

function hostWith(remote: FakeRemotePlayback | undefined): FakeHost {
  const host = new FakeHost();
  Object.defineProperty(host.video, 'remote', { value: remote, configurable: true });
  return host;
}

let link: RemotePlaybackLink | undefined;
afterEach(() => link?.dispose());

describe('RemotePlaybackLink', () => {
  it('shows the button only while a device is available, and the session as the element reports it', async () => {
    const remote = new FakeRemotePlayback();
    const host = hostWith(remote);
    link = await RemotePlaybackLink.create(host);
    expect(link).toBeDefined();
    expect(host.state.cast).toEqual({
      kind: 'remote-playback',
      available: false,
      session: 'none',
      device: undefined,
    });
    remote.setAvailable(true);
    expect(host.state.cast?.available).toBe(true);

    await link!.start();
    expect(remote.prompts).toBe(1);
    // connecting, then connected, each committed as it happens.
    expect(host.casts.slice(-2).map((c) => c?.session)).toEqual(['connecting', 'connected']);

    // There is no "disconnect" call in the API: stop() reopens the picker, where it is done.
    link!.stop();
    await Promise.resolve();
    expect(remote.prompts).toBe(2);
    expect(host.state.cast?.session).toBe('none');

    remote.setAvailable(false);
    expect(host.state.cast?.available).toBe(false);
  });

  it('treats a dismissed picker as nothing happening', async () => {
    const remote = new FakeRemotePlayback();
    remote.pick = 'dismiss';
    const host = hostWith(remote);
    link = await RemotePlaybackLink.create(host);
    remote.setAvailable(true);
    await expect(link!.start()).resolves.toBeUndefined();
    expect(host.state.cast).toMatchObject({ available: true, session: 'none' });
  });

  it('is not offered where the element has no Remote Playback, it is disabled, or refused for this element', async () => {
    expect(await RemotePlaybackLink.create(hostWith(undefined))).toBeUndefined();

    const disabled = hostWith(new FakeRemotePlayback());
    disabled.video.disableRemotePlayback = true;
    expect(await RemotePlaybackLink.create(disabled)).toBeUndefined();

    // Chromium refuses availability monitoring for MediaSource and MediaStream playback.
    const refusing = new FakeRemotePlayback();
    refusing.refuseWatching = true;
    const host = hostWith(refusing);
    expect(await RemotePlaybackLink.create(host)).toBeUndefined();
    expect(host.casts).toEqual([]);
  });

  it('stops watching and listening once disposed', async () => {
    const remote = new FakeRemotePlayback();
    const host = hostWith(remote);
    link = await RemotePlaybackLink.create(host);
    link!.dispose();
    await Promise.resolve();
    expect(remote.callbacks.size).toBe(0);
    const before = host.casts.length;
    remote.setAvailable(true);
    remote.dispatchEvent(new Event('connect'));
    expect(host.casts.length).toBe(before);
  });
});
