import type { CastHost, CastLink, CastState } from './cast-api';

/**
 * Casting through the element's own Remote Playback API (`video.remote`), offered where the Cast
 * SDK is not: AirPlay in Safari. The browser moves the element's playback to the device, so the
 * player's controls already drive it and nothing is handed over; this only tells the skin whether
 * a device is there and whether it is connected. Chromium also has the API, but refuses it for
 * MediaSource and WebRTC playback (most of Brume's engines), which is why the Cast SDK comes first.
 */
export class RemotePlaybackLink implements CastLink {
  private available = false;
  private readonly cleanups: (() => void)[] = [];

  private constructor(
    private readonly host: CastHost,
    private readonly remote: RemotePlayback,
  ) {
    for (const type of ['connecting', 'connect', 'disconnect']) {
      const onChange = (): void => this.commit();
      remote.addEventListener(type, onChange);
      this.cleanups.push(() => remote.removeEventListener(type, onChange));
    }
  }

  /** Watches availability; `undefined` when the browser will not remote-play this element. */
  static async create(host: CastHost): Promise<RemotePlaybackLink | undefined> {
    const remote = host.video.remote as RemotePlayback | undefined;
    if (!remote || host.video.disableRemotePlayback) return undefined;
    const link = new RemotePlaybackLink(host, remote);
    try {
      const id = await remote.watchAvailability((available) => {
        link.available = available;
        link.commit();
      });
      link.cleanups.push(() => void remote.cancelWatchAvailability(id).catch(() => undefined));
    } catch {
      // NotSupportedError (e.g. a MediaSource element in Chromium): this element cannot be cast.
      link.dispose();
      return undefined;
    }
    link.commit();
    return link;
  }

  async start(): Promise<void> {
    try {
      await this.remote.prompt();
    } catch {
      // The viewer dismissed the picker, or no device answered: the state says what is true.
    }
  }

  stop(): void {
    // The API has no "disconnect": the browser's picker is where a connected device is left.
    void this.start();
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private commit(): void {
    const session =
      this.remote.state === 'connected'
        ? 'connected'
        : this.remote.state === 'connecting'
          ? 'connecting'
          : 'none';
    const cast: CastState = {
      kind: 'remote-playback',
      available: this.available,
      session,
      device: undefined,
    };
    this.host.commit({ cast });
  }
}
