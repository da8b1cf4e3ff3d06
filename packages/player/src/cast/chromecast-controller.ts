/// <reference types="chromecast-caf-sender" />
import { Emitter } from '@brume/protocol';
import type { CastSdk } from './cast-sdk-loader';

/** The receiver as `RemotePlayer` reports it, copied into a plain snapshot. */
export interface RemoteSnapshot {
  connected: boolean;
  device: string | undefined;
  mediaLoaded: boolean;
  /** The loaded media's URL (`MediaInfo.contentId`). */
  contentId: string | undefined;
  paused: boolean;
  buffering: boolean;
  currentTime: number;
  duration: number;
  volume: number;
  muted: boolean;
  /** The live DVR window on the receiver's clock, for live media. */
  seekable: { start: number; end: number } | undefined;
  tracks: readonly chrome.cast.media.Track[];
  activeTrackIds: readonly number[];
}

export interface ChromecastEvents {
  /** Device availability or the session changed (`castState`). */
  caststate: { castState: cast.framework.CastState };
  /** Anything the receiver reports changed (position every second while playing). */
  remote: { remote: RemoteSnapshot };
  /** The session ended: where the receiver was, and whether it was paused. */
  disconnected: { currentTime: number | undefined; paused: boolean };
}

/**
 * One page's Cast Application Framework session, as documented for Web Senders: `CastContext` for
 * devices and the session, `RemotePlayer` + `RemotePlayerController` for the receiver's playback.
 * Commands set the `RemotePlayer` field and call the controller method (the SDK's own pattern:
 * `player.currentTime = t; controller.seek()`); state only changes when the receiver reports it.
 */
export class ChromecastController {
  readonly events = new Emitter<ChromecastEvents>((error) =>
    console.error('Brume player: a cast listener threw', error),
  );
  private readonly context: cast.framework.CastContext;
  private readonly remote: cast.framework.RemotePlayer;
  private readonly controller: cast.framework.RemotePlayerController;
  private readonly cleanups: (() => void)[] = [];
  private last: RemoteSnapshot;

  constructor(
    private readonly sdk: CastSdk,
    receiverApplicationId: string | undefined,
  ) {
    const { framework, chromeCast } = sdk;
    this.context = framework.CastContext.getInstance();
    this.context.setOptions({
      receiverApplicationId: receiverApplicationId ?? chromeCast.media.DEFAULT_MEDIA_RECEIVER_APP_ID,
      // Every tab of this origin shares one session: a reload joins the cast in progress.
      autoJoinPolicy: chromeCast.AutoJoinPolicy.ORIGIN_SCOPED,
    });
    this.remote = new framework.RemotePlayer();
    this.controller = new framework.RemotePlayerController(this.remote);
    this.last = this.snapshot();

    const onCastState = (event: cast.framework.CastStateEventData): void =>
      this.events.emit('caststate', { castState: event.castState });
    const castStateType = framework.CastContextEventType.CAST_STATE_CHANGED;
    this.context.addEventListener(castStateType, onCastState);
    this.cleanups.push(() => this.context.removeEventListener(castStateType, onCastState));

    const onChange = (event: cast.framework.RemotePlayerChangedEvent): void => {
      const wasConnected = this.last.connected;
      if (event.field === 'isConnected' && wasConnected && !event.value) {
        // The SDK keeps where the receiver was for the sender to resume (`savedPlayerState`); the
        // last state it reported stands in if it did not.
        const saved = this.remote.savedPlayerState;
        const before = this.last;
        this.last = this.snapshot();
        this.events.emit('disconnected', {
          currentTime: saved?.currentTime ?? (before.mediaLoaded ? before.currentTime : undefined),
          paused: saved?.isPaused ?? before.paused,
        });
        return;
      }
      this.last = this.snapshot();
      this.events.emit('remote', { remote: this.last });
    };
    const anyChange = framework.RemotePlayerEventType.ANY_CHANGE;
    this.controller.addEventListener(anyChange, onChange);
    this.cleanups.push(() => this.controller.removeEventListener(anyChange, onChange));
  }

  get castState(): cast.framework.CastState {
    return this.context.getCastState();
  }

  get state(): RemoteSnapshot {
    return this.last;
  }

  /** Opens Chrome's device picker; resolves once a session started (rejects with the SDK's code). */
  async requestSession(): Promise<void> {
    const error = await this.context.requestSession();
    if (error) throw new Error(`Cast session not started: ${error}`);
  }

  endSession(): void {
    this.context.endCurrentSession(true);
  }

  async load(request: chrome.cast.media.LoadRequest): Promise<void> {
    const session = this.context.getCurrentSession();
    if (!session) throw new Error('no Cast session');
    const error = await session.loadMedia(request);
    if (error) throw new Error(`the receiver refused the media: ${error}`);
  }

  setPaused(paused: boolean): void {
    if (this.remote.isPaused !== paused) this.controller.playOrPause();
  }

  seek(time: number): void {
    this.remote.currentTime = time;
    this.controller.seek();
  }

  setVolume(volume: number): void {
    this.remote.volumeLevel = volume;
    this.controller.setVolumeLevel();
  }

  setMuted(muted: boolean): void {
    if (this.remote.isMuted !== muted) this.controller.muteOrUnmute();
  }

  /**
   * The receiver's live window now. `RemotePlayer.liveSeekableRange` is "only updated sporadically"
   * (Web Sender reference), so the media session's `getEstimatedLiveSeekableRange()` comes first (in
   * the reference, not in `@types/chrome`); the last report stands in where it is missing.
   */
  liveWindow(): { start: number; end: number } | undefined {
    const media = this.context.getCurrentSession()?.getMediaSession() as
      | (chrome.cast.media.Media & {
          getEstimatedLiveSeekableRange?: () => chrome.cast.media.LiveSeekableRange | null;
        })
      | null
      | undefined;
    const estimate = media?.getEstimatedLiveSeekableRange?.();
    if (estimate?.start !== undefined && estimate.end !== undefined) {
      return { start: estimate.start, end: estimate.end };
    }
    return this.last.seekable;
  }

  /** Shows one text track (or none) on the receiver (`EditTracksInfoRequest`). */
  setActiveTracks(trackIds: number[]): Promise<void> {
    const media = this.context.getCurrentSession()?.getMediaSession();
    if (!media) return Promise.resolve();
    return new Promise((resolve, reject) =>
      media.editTracksInfo(new this.sdk.chromeCast.media.EditTracksInfoRequest(trackIds), resolve, reject),
    );
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.events.clear();
  }

  /** The receiver's name as its owner gave it (the SDK hands it URI-escaped). */
  private deviceName(): string {
    const escaped = this.context.getCurrentSession()?.getCastDevice().friendlyName;
    if (escaped === undefined) return this.remote.displayName;
    try {
      return decodeURIComponent(escaped);
    } catch {
      // A name with a bare `%` that was not escaped after all.
      return escaped;
    }
  }

  private snapshot(): RemoteSnapshot {
    const r = this.remote;
    const range = r.liveSeekableRange;
    const media = this.context.getCurrentSession()?.getMediaSession();
    return {
      connected: r.isConnected,
      device: r.isConnected ? this.deviceName() : undefined,
      mediaLoaded: r.isMediaLoaded,
      contentId: r.mediaInfo?.contentId,
      paused: r.isPaused,
      buffering: r.playerState === this.sdk.chromeCast.media.PlayerState.BUFFERING,
      currentTime: r.currentTime,
      duration: r.duration,
      volume: r.volumeLevel,
      muted: r.isMuted,
      seekable:
        range?.start !== undefined && range.end !== undefined
          ? { start: range.start, end: range.end }
          : undefined,
      tracks: r.mediaInfo?.tracks ?? [],
      activeTrackIds: media?.activeTrackIds ?? [],
    };
  }
}
