/// <reference types="chromecast-caf-sender" />
import { NO_TRACKS } from '../engines/types';
import { PlayerError } from '../player-error';
import type { PlayerState } from '../player-state';
import type { CastHost, CastLink, CastState, RemoteControls } from './cast-api';
import { castMediaFor, loadRequestFor, matchTextTrack, type CastMedia } from './cast-media';
import type { CastSdk } from './cast-sdk-loader';
import { ChromecastController, type RemoteSnapshot } from './chromecast-controller';

/** Behind the receiver's live edge by less than this shows "LIVE" (its HLS edge moves by segments). */
const LIVE_EDGE_SLACK_S = 3;

/** The element events whose core handlers write local state; while casting the receiver's wins. */
const LOCAL_STATE_EVENTS = [
  'play',
  'pause',
  'volumechange',
  'timeupdate',
  'durationchange',
  'seeked',
  'ratechange',
  'progress',
  'playing',
];

/**
 * Ties a Chromecast session to the player: when a session connects (picked here, or joined from
 * another tab of this origin), the stream's HTTP source is loaded on the receiver, the local
 * engine stops, and the player's controls and state become the receiver's; when it ends, local
 * playback takes over where the receiver was (a live stream: at the live edge).
 */
export class ChromecastLink implements CastLink {
  private readonly controller: ChromecastController;
  private readonly cleanups: (() => void)[] = [];
  /** What was loaded on the receiver, while this player drives it. */
  private media: CastMedia | undefined;
  private subtitle: CastMedia['subtitle'];
  /** Our load request is on its way: until it lands the receiver still reports what it played. */
  private loading = false;
  /** This page asked for the session (a joined one is driven only if it already plays this stream). */
  private requested = false;
  /** The subtitle chosen before casting still has to be turned on once the receiver lists tracks. */
  private subtitlePending = false;
  /**
   * A live viewer back in the DVR window: how far behind live (s) the receiver is to be put once it
   * reports its own window. A LIVE load starts at the receiver's edge and its clock is not ours, so
   * the position is carried as a distance from the edge rather than as a time.
   */
  private behindPending: number | undefined;

  constructor(
    private readonly host: CastHost,
    private readonly sdk: CastSdk,
    receiverApplicationId: string | undefined,
  ) {
    this.controller = new ChromecastController(sdk, receiverApplicationId);
    this.cleanups.push(
      this.controller.events.on('caststate', () => this.commitCast()),
      this.controller.events.on('remote', ({ remote }) => this.onRemote(remote)),
      this.controller.events.on('disconnected', ({ currentTime, paused }) =>
        this.onDisconnected(currentTime, paused),
      ),
    );
    // Registered after the core's own listeners, so these run second and put the receiver's state back.
    for (const type of LOCAL_STATE_EVENTS) {
      const restore = (): void => {
        if (this.media) this.commitRemote(this.controller.state);
      };
      host.video.addEventListener(type, restore);
      this.cleanups.push(() => host.video.removeEventListener(type, restore));
    }
    this.commitCast();
    if (this.controller.state.connected) this.onRemote(this.controller.state);
  }

  async start(): Promise<void> {
    this.requested = true;
    try {
      await this.controller.requestSession();
    } catch (error) {
      // The viewer closed the picker: not a failure of the player, nothing changes.
      if (!this.controller.state.connected) this.requested = false;
      else this.host.reportError(castFailed(error));
      return;
    }
    // Picked the device of a session that was already up: no connection event comes.
    const remote = this.controller.state;
    if (remote.connected && !this.media) void this.takeOver(remote);
  }

  stop(): void {
    this.controller.endSession();
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.controller.dispose();
    // A page that goes away leaves the receiver playing (the viewer may be watching the TV).
    this.media = undefined;
  }

  private onRemote(remote: RemoteSnapshot): void {
    if (!remote.connected) return this.commitCast();
    if (!this.media) return void this.takeOver(remote);
    const replaced = !this.loading && remote.mediaLoaded && remote.contentId !== this.media.url;
    // Another sender loaded its own media: this player plays locally again, the session stays.
    if (replaced) this.onDisconnected(remote.currentTime, false);
    else this.commitRemote(remote);
  }

  /** A session is up: load the stream there (unless it already plays it) and stop local playback. */
  private async takeOver(remote: RemoteSnapshot): Promise<void> {
    const state = this.host.getState();
    if (!state.info) return;
    const text = state.tracks.text.find((t) => t.id === state.tracks.textId);
    this.subtitle = text ? { lang: text.language, label: text.label } : undefined;
    this.subtitlePending = this.subtitle !== undefined;
    this.behindPending = state.live && !state.atLiveEdge ? state.liveLatency : undefined;
    const media = castMediaFor({
      info: state.info,
      server: this.host.server,
      live: state.live,
      currentTime: state.currentTime,
      poster: this.host.video.poster,
      subtitle: this.subtitle,
    });
    if (!media) {
      // Nothing to show there: end the session the viewer just opened rather than leave it idle.
      this.controller.endSession();
      this.host.reportError(
        new PlayerError(
          'player/cast-failed',
          'This stream has no HLS or DASH output a Cast receiver can play.',
        ),
      );
      return;
    }
    // Another page of this origin casting something else: joined (ORIGIN_SCOPED), not taken over.
    const playsThis = remote.mediaLoaded && remote.contentId === media.url;
    if (!this.requested && !playsThis) return;
    this.media = media;
    this.host.handOver(this.controls());
    // Local renditions and audio tracks mean nothing to the receiver; its subtitles are matched.
    this.host.commit({ tracks: { ...NO_TRACKS, text: state.tracks.text, textId: state.tracks.textId } });
    this.commitRemote(remote);
    // Joined from another tab that already cast this stream: drive it as it is.
    if (playsThis) return;
    this.loading = true;
    try {
      await this.controller.load(loadRequestFor(this.sdk, media));
    } catch (error) {
      this.host.reportError(castFailed(error));
      // Nothing plays there: end the session, which gives playback back to this page.
      this.controller.endSession();
    } finally {
      this.loading = false;
    }
    this.seekBehindLive(this.controller.state);
  }

  /** Once our media plays there and the receiver reports its window, the DVR position is applied. */
  private seekBehindLive(remote: RemoteSnapshot): void {
    const window = this.controller.liveWindow();
    if (this.behindPending === undefined || this.loading || !remote.mediaLoaded || !window) return;
    const { start, end } = window;
    const behind = this.behindPending;
    this.behindPending = undefined;
    this.controller.seek(Math.max(start, end - behind));
  }

  private onDisconnected(currentTime: number | undefined, paused: boolean): void {
    const media = this.media;
    this.media = undefined;
    this.requested = false;
    this.behindPending = undefined;
    this.commitCast();
    if (!media) return;
    this.host.takeBack(media.live ? undefined : currentTime, paused);
  }

  private controls(): RemoteControls {
    const c = this.controller;
    return {
      play: () => c.setPaused(false),
      pause: () => c.setPaused(true),
      seek: (time) => c.seek(time),
      goLive: () => {
        const end = c.liveWindow()?.end;
        if (end !== undefined) c.seek(end);
        c.setPaused(false);
      },
      setVolume: (volume) => {
        c.setVolume(Math.min(1, Math.max(0, volume)));
        if (volume > 0) c.setMuted(false);
      },
      setMuted: (muted) => c.setMuted(muted),
      setTextTrack: (id) => this.setTextTrack(id),
    };
  }

  private setTextTrack(id: string | undefined): void {
    const { tracks } = this.host.getState();
    const text = tracks.text.find((t) => t.id === id);
    this.subtitle = text ? { lang: text.language, label: text.label } : undefined;
    this.subtitlePending = false;
    const trackId = matchTextTrack(this.sdk, this.controller.state.tracks, this.subtitle);
    this.host.commit({ tracks: { ...tracks, textId: text?.id } });
    this.controller.setActiveTracks(trackId === undefined ? [] : [trackId]).catch((error: unknown) => {
      this.host.reportError(castFailed(error));
    });
  }

  private commitRemote(remote: RemoteSnapshot): void {
    const live = this.media?.live ?? this.host.getState().live;
    const behind =
      live && remote.seekable ? Math.max(0, remote.seekable.end - remote.currentTime) : undefined;
    const vodRange = remote.duration > 0 ? { start: 0, end: remote.duration } : undefined;
    const seekable = live ? remote.seekable : vodRange;
    const previous = this.host.getState().seekable;
    const patch: Partial<PlayerState> = {
      status: 'playing',
      cast: this.castState(),
      paused: remote.paused,
      buffering: remote.buffering,
      currentTime: remote.currentTime,
      duration: live ? Infinity : remote.duration,
      seekable:
        previous && seekable && previous.start === seekable.start && previous.end === seekable.end
          ? previous
          : seekable,
      buffered: [],
      volume: remote.volume,
      muted: remote.muted,
      live,
      liveLatency: behind,
      atLiveEdge: live && (behind === undefined || behind <= LIVE_EDGE_SLACK_S),
      playbackRate: 1,
    };
    this.host.commit(patch);
    this.seekBehindLive(remote);
    // The receiver lists the manifest's subtitles once loaded: show the one chosen before casting.
    const trackId = this.subtitlePending ? matchTextTrack(this.sdk, remote.tracks, this.subtitle) : undefined;
    if (trackId !== undefined) {
      this.subtitlePending = false;
      this.controller
        .setActiveTracks([trackId])
        .catch((error: unknown) => this.host.reportError(castFailed(error)));
    }
  }

  private commitCast(): void {
    this.host.commit({ cast: this.castState() });
  }

  private castState(): CastState {
    const { framework } = this.sdk;
    const castState = this.controller.castState;
    const remote = this.controller.state;
    // A session this player does not drive (another page's cast) is not "casting" here.
    const session =
      castState === framework.CastState.CONNECTED && remote.connected && this.media
        ? 'connected'
        : castState === framework.CastState.CONNECTING ||
            (this.requested && castState === framework.CastState.CONNECTED)
          ? 'connecting'
          : 'none';
    return {
      kind: 'chromecast',
      available: castState !== framework.CastState.NO_DEVICES_AVAILABLE,
      session,
      device: session === 'connected' ? remote.device : undefined,
    };
  }
}

function castFailed(cause: unknown): PlayerError {
  return new PlayerError('player/cast-failed', 'Casting failed; try again, or pick another device.', {
    cause,
  });
}
