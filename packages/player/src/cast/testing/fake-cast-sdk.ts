/// <reference types="chromecast-caf-sender" />
import type { CastSdk } from '../cast-sdk-loader';
/**
 * A fake of the Cast Web Sender SDK (CAF) as far as Brume uses it, with one simulated receiver.
 * Every class `implements` the `@types/chromecast-caf-sender` declaration of the real one, so a
 * change of the SDK's typed surface fails `tsc` here. Enum values are the SDK's own strings.
 * Like the real SDK, commands go to the receiver and come back as state a moment later (never
 * synchronously), `RemotePlayer` fields change only with a `RemotePlayerChangedEvent` for each,
 * followed by `ANY_CHANGE`, and a session's end leaves `savedPlayerState` behind.
 * Installed by `installFakeCastSdk(window)`, which ends as the real script does: by calling
 * `window.__onGCastApiAvailable(true)`.
 */

/** The SDK's string enums: same keys, same values (checked against the declarations). */
type StringEnum<E extends Record<string, string>> = { readonly [K in keyof E]: `${E[K]}` };
/** Numeric enums, declared in the SDK types without values: same keys. */
type NumericEnum<E extends object> = { readonly [K in keyof E]: number };

const CastState = {
  NO_DEVICES_AVAILABLE: 'NO_DEVICES_AVAILABLE',
  NOT_CONNECTED: 'NOT_CONNECTED',
  CONNECTING: 'CONNECTING',
  CONNECTED: 'CONNECTED',
} as const satisfies StringEnum<typeof cast.framework.CastState>;
const SessionState = {
  NO_SESSION: 'NO_SESSION',
  SESSION_STARTING: 'SESSION_STARTING',
  SESSION_STARTED: 'SESSION_STARTED',
  SESSION_START_FAILED: 'SESSION_START_FAILED',
  SESSION_ENDING: 'SESSION_ENDING',
  SESSION_ENDED: 'SESSION_ENDED',
  SESSION_RESUMED: 'SESSION_RESUMED',
} as const satisfies StringEnum<typeof cast.framework.SessionState>;
const CastContextEventType = {
  CAST_STATE_CHANGED: 'caststatechanged',
  SESSION_STATE_CHANGED: 'sessionstatechanged',
} as const satisfies StringEnum<typeof cast.framework.CastContextEventType>;
const SessionEventType = {
  APPLICATION_STATUS_CHANGED: 'applicationstatuschanged',
  APPLICATION_METADATA_CHANGED: 'applicationmetadatachanged',
  ACTIVE_INPUT_STATE_CHANGED: 'activeinputstatechanged',
  VOLUME_CHANGED: 'volumechanged',
  MEDIA_SESSION: 'mediasession',
} as const satisfies StringEnum<typeof cast.framework.SessionEventType>;
const ActiveInputState = {
  ACTIVE_INPUT_STATE_UNKNOWN: -1,
  ACTIVE_INPUT_STATE_NO: 0,
  ACTIVE_INPUT_STATE_YES: 1,
} as const satisfies NumericEnum<typeof cast.framework.ActiveInputState>;
const LoggerLevel = {
  DEBUG: 0,
  INFO: 1,
  WARNING: 2,
  ERROR: 3,
  NONE: 4,
} as const satisfies NumericEnum<typeof cast.framework.LoggerLevel>;
const RemotePlayerEventType = {
  ANY_CHANGE: 'anyChanged',
  IS_CONNECTED_CHANGED: 'isConnectedChanged',
  IS_MEDIA_LOADED_CHANGED: 'isMediaLoadedChanged',
  QUEUE_DATA_CHANGED: 'queueDataChanged',
  VIDEO_INFO_CHANGED: 'videoInfoChanged',
  DURATION_CHANGED: 'durationChanged',
  CURRENT_TIME_CHANGED: 'currentTimeChanged',
  IS_PAUSED_CHANGED: 'isPausedChanged',
  VOLUME_LEVEL_CHANGED: 'volumeLevelChanged',
  CAN_CONTROL_VOLUME_CHANGED: 'canControlVolumeChanged',
  IS_MUTED_CHANGED: 'isMutedChanged',
  CAN_PAUSE_CHANGED: 'canPauseChanged',
  CAN_SEEK_CHANGED: 'canSeekChanged',
  DISPLAY_NAME_CHANGED: 'displayNameChanged',
  STATUS_TEXT_CHANGED: 'statusTextChanged',
  TITLE_CHANGED: 'titleChanged',
  DISPLAY_STATUS_CHANGED: 'displayStatusChanged',
  MEDIA_INFO_CHANGED: 'mediaInfoChanged',
  IMAGE_URL_CHANGED: 'imageUrlChanged',
  PLAYER_STATE_CHANGED: 'playerStateChanged',
  IS_PLAYING_BREAK_CHANGED: 'isPlayingBreakChanged',
  NUMBER_BREAK_CLIPS_CHANGED: 'numberBreakClipsChanged',
  CURRENT_BREAK_CLIP_NUMBER_CHANGED: 'currentBreakClipNumberChanged',
  CURRENT_BREAK_TIME_CHANGED: 'currentBreakTimeChanged',
  CURRENT_BREAK_CLIP_TIME_CHANGED: 'currentBreakClipTimeChanged',
  BREAK_ID_CHANGED: 'breakIdChanged',
  BREAK_CLIP_ID_CHANGED: 'breakClipIdChanged',
  WHEN_SKIPPABLE_CHANGED: 'whenSkippableChanged',
  LIVE_SEEKABLE_RANGE_CHANGED: 'liveSeekableRangeChanged',
} as const satisfies StringEnum<typeof cast.framework.RemotePlayerEventType>;
const AutoJoinPolicy = {
  CUSTOM_CONTROLLER_SCOPED: 'custom_controller_scoped',
  TAB_AND_ORIGIN_SCOPED: 'tab_and_origin_scoped',
  ORIGIN_SCOPED: 'origin_scoped',
  PAGE_SCOPED: 'page_scoped',
} as const satisfies StringEnum<typeof chrome.cast.AutoJoinPolicy>;
const StreamType = {
  BUFFERED: 'BUFFERED',
  LIVE: 'LIVE',
  OTHER: 'OTHER',
} as const satisfies StringEnum<typeof chrome.cast.media.StreamType>;
const PlayerState = {
  IDLE: 'IDLE',
  PLAYING: 'PLAYING',
  PAUSED: 'PAUSED',
  BUFFERING: 'BUFFERING',
} as const satisfies StringEnum<typeof chrome.cast.media.PlayerState>;
const MetadataType = {
  GENERIC: 0,
  TV_SHOW: 1,
  MOVIE: 2,
  MUSIC_TRACK: 3,
  PHOTO: 4,
} as const satisfies NumericEnum<typeof chrome.cast.media.MetadataType>;
const TrackType = {
  TEXT: 'TEXT',
  AUDIO: 'AUDIO',
  VIDEO: 'VIDEO',
} as const satisfies StringEnum<typeof chrome.cast.media.TrackType>;

/** The real SDK's constant (`chrome.cast.media.DEFAULT_MEDIA_RECEIVER_APP_ID`). */
const DEFAULT_MEDIA_RECEIVER_APP_ID = 'CC1AD845';

class Image implements chrome.cast.Image {
  height: number | null = null;
  width: number | null = null;
  constructor(public url: string) {}
}

class MediaInfo implements chrome.cast.media.MediaInfo {
  streamType = StreamType.BUFFERED as unknown as chrome.cast.media.StreamType;
  metadata: unknown = null;
  duration?: number | null = null;
  tracks?: chrome.cast.media.Track[] | null = null;
  textTrackStyle?: chrome.cast.media.TextTrackStyle | null = null;
  customData?: object | null = null;
  constructor(
    public contentId: string,
    public contentType: string,
  ) {}
}

class GenericMediaMetadata implements chrome.cast.media.GenericMediaMetadata {
  images: chrome.cast.Image[] = [];
  metadataType = MetadataType.GENERIC as unknown as chrome.cast.media.MetadataType;
  releaseDate = '';
  releaseYear = 0;
  subtitle = '';
  title = '';
  type = MetadataType.GENERIC as unknown as chrome.cast.media.MetadataType;
}

/**
 * As the SDK builds it (Chromium's sender: `activeTrackIds` and `currentTime` start `null`, which the
 * receiver reads as "default tracks" and "live edge / start"; the typings do not say nullable).
 */
class LoadRequest implements chrome.cast.media.LoadRequest {
  activeTrackIds = null as unknown as number[];
  autoplay = true;
  currentTime = null as unknown as number;
  customData = null as unknown as object;
  playbackRate?: number;
  constructor(public media: chrome.cast.media.MediaInfo) {}
}

class EditTracksInfoRequest implements chrome.cast.media.EditTracksInfoRequest {
  activeTrackIds: number[];
  textTrackStyle = {} as chrome.cast.media.TextTrackStyle;
  constructor(activeTrackIds: number[] = []) {
    this.activeTrackIds = activeTrackIds;
  }
}

class Track implements chrome.cast.media.Track {
  trackContentId = '';
  trackContentType = '';
  name = '';
  language = '';
  subtype = 'SUBTITLES' as chrome.cast.media.TextTrackType;
  customData: object = {};
  constructor(
    public trackId: number,
    public type: chrome.cast.media.TrackType,
  ) {}
}

class LiveSeekableRange implements chrome.cast.media.LiveSeekableRange {
  constructor(
    public start?: number,
    public end?: number,
    public isMovingWindow?: boolean,
    public isLiveDone?: boolean,
  ) {}
}

class EventData implements cast.framework.EventData {
  constructor(public type: string) {}
}

class RemotePlayerChangedEvent<T = unknown>
  extends EventData
  implements cast.framework.RemotePlayerChangedEvent<T>
{
  constructor(
    type: string,
    public field: string,
    public value: T,
  ) {
    super(type);
  }
}

class ApplicationMetadata implements cast.framework.ApplicationMetadata {
  applicationId = '';
  images: chrome.cast.Image[] = [];
  name = '';
  namespaces: string[] = [];
}

class ActiveInputStateEventData extends EventData implements cast.framework.ActiveInputStateEventData {
  constructor(public activeInputState: cast.framework.ActiveInputState) {
    super(SessionEventType.ACTIVE_INPUT_STATE_CHANGED);
  }
}

class ApplicationMetadataEventData extends EventData implements cast.framework.ApplicationMetadataEventData {
  constructor(public metadata: cast.framework.ApplicationMetadata) {
    super(SessionEventType.APPLICATION_METADATA_CHANGED);
  }
}

class ApplicationStatusEventData extends EventData implements cast.framework.ApplicationStatusEventData {
  constructor(public status: string) {
    super(SessionEventType.APPLICATION_STATUS_CHANGED);
  }
}

class CastStateEventData extends EventData implements cast.framework.CastStateEventData {
  constructor(public castState: cast.framework.CastState) {
    super(CastContextEventType.CAST_STATE_CHANGED);
  }
}

class MediaSessionEventData extends EventData implements cast.framework.MediaSessionEventData {
  constructor(public mediaSession: chrome.cast.media.Media) {
    super(SessionEventType.MEDIA_SESSION);
  }
}

class SessionStateEventData extends EventData implements cast.framework.SessionStateEventData {
  constructor(
    public session: cast.framework.CastSession,
    public sessionState: cast.framework.SessionState,
    public errorCode: chrome.cast.ErrorCode,
  ) {
    super(CastContextEventType.SESSION_STATE_CHANGED);
  }
}

class VolumeEventData extends EventData implements cast.framework.VolumeEventData {
  constructor(
    public volume: number,
    public isMute: boolean,
  ) {
    super(SessionEventType.VOLUME_CHANGED);
  }
}

type Handler = (event: never) => void;

/** Add/remove/dispatch for the SDK's `addEventListener(type, handler)` objects. */
class Listeners {
  private readonly map = new Map<string, Set<Handler>>();
  add(type: string, handler: Handler): void {
    let set = this.map.get(type);
    if (!set) this.map.set(type, (set = new Set()));
    set.add(handler);
  }
  remove(type: string, handler: Handler): void {
    this.map.get(type)?.delete(handler);
  }
  dispatch(type: string, event: object): void {
    for (const handler of [...(this.map.get(type) ?? [])]) (handler as (event: object) => void)(event);
  }
  count(): number {
    let n = 0;
    for (const set of this.map.values()) n += set.size;
    return n;
  }
}

class RemotePlayer implements cast.framework.RemotePlayer {
  isConnected = false;
  isMediaLoaded = false;
  duration = 0;
  currentTime = 0;
  volumeLevel = 1;
  canControlVolume = true;
  isPaused = false;
  isMuted = false;
  canPause = true;
  canSeek = false;
  displayName = '';
  statusText = '';
  title = '';
  displayStatus = '';
  liveSeekableRange?: chrome.cast.media.LiveSeekableRange | undefined;
  mediaInfo?: chrome.cast.media.MediaInfo | undefined;
  imageUrl: string | null = null;
  playerState: chrome.cast.media.PlayerState | null = null;
  savedPlayerState: cast.framework.SavedPlayerState | null = null;
  controller: cast.framework.RemotePlayerController | null = null;
}

/** What the fake receiver was asked to do, in order (the e2e and unit tests read it). */
export type ReceiverCommand =
  | { type: 'load'; request: chrome.cast.media.LoadRequest }
  | { type: 'play' | 'pause' | 'mute' | 'unmute' | 'stop' }
  | { type: 'seek'; time: number }
  | { type: 'volume'; level: number }
  | { type: 'tracks'; activeTrackIds: number[] };

/** How the simulated receiver behaves (set by a test before or during a session). */
export interface ReceiverSetup {
  deviceName: string;
  /** The live window the receiver reports for LIVE media, relative to its own clock. */
  liveWindowS: number;
  /** Duration it reports for BUFFERED media. */
  vodDurationS: number;
  /** Text tracks it finds in the manifest once loaded. */
  textTracks: { trackId: number; language: string; name: string }[];
  /** The receiver refuses the load with this error code (`chrome.cast.ErrorCode`), if set. */
  loadError: string | undefined;
}

/** The simulated receiver device and its media player. */
export class FakeReceiver {
  readonly commands: ReceiverCommand[] = [];
  setup: ReceiverSetup = {
    deviceName: 'Living Room TV',
    liveWindowS: 60,
    vodDurationS: 0,
    textTracks: [],
    loadError: undefined,
  };
  /** The receiver's own clock position of the live edge. */
  liveEdge = 1000;
  /** Where `RemotePlayer.liveSeekableRange` last put the edge: the reference says it is "only updated sporadically". */
  private reportedEdge = 1000;
  activeTrackIds: number[] = [];
  constructor(private readonly sdk: FakeCastSdk) {}

  /** Media time passes on the receiver (it plays while not paused or buffering). */
  advance(seconds: number): void {
    const player = this.sdk.remotePlayer;
    this.liveEdge += seconds;
    if (!player.isMediaLoaded) return;
    const live = player.mediaInfo?.streamType === (StreamType.LIVE as string);
    const changes: [keyof RemotePlayer, unknown][] = [];
    if (!player.isPaused && player.playerState === (PlayerState.PLAYING as string)) {
      const end = live ? this.liveEdge : player.duration;
      changes.push(['currentTime', Math.min(end, player.currentTime + seconds)]);
    }
    // Reported every few seconds only; `Media.getEstimatedLiveSeekableRange()` always has the estimate.
    if (live && this.liveEdge - this.reportedEdge >= REPORT_RANGE_EVERY_S) {
      this.reportedEdge = this.liveEdge;
      changes.push(['liveSeekableRange', this.liveRange()]);
    }
    this.sdk.change(changes);
  }

  /** The range as loaded media first reports it. */
  reportRange(): LiveSeekableRange {
    this.reportedEdge = this.liveEdge;
    return this.liveRange();
  }

  liveRange(): LiveSeekableRange {
    return new LiveSeekableRange(this.liveEdge - this.setup.liveWindowS, this.liveEdge, true, false);
  }
}

/** The one `RemotePlayerController` implementation: each command is sent, its effect comes back later. */
class RemotePlayerController implements cast.framework.RemotePlayerController {
  constructor(
    readonly player: cast.framework.RemotePlayer,
    private readonly sdk: FakeCastSdk = currentSdk(),
  ) {
    // Like the SDK, a new controller's player starts as the session already is (another tab's cast).
    const { controller: _, ...truth } = sdk.remotePlayer;
    Object.assign(player, truth);
    player.controller = this;
    sdk.controllers.push(this);
  }
  readonly listeners = new Listeners();

  playOrPause(): void {
    const pause = !this.player.isPaused;
    this.sdk.send({ type: pause ? 'pause' : 'play' }, [
      ['isPaused', pause],
      ['playerState', pause ? PlayerState.PAUSED : PlayerState.PLAYING],
    ]);
  }
  stop(): void {
    this.sdk.send({ type: 'stop' }, [
      ['isMediaLoaded', false],
      ['playerState', PlayerState.IDLE],
    ]);
  }
  seek(): void {
    // The SDK reads the position the sender wrote into `RemotePlayer.currentTime`.
    const time = this.player.currentTime;
    this.sdk.send({ type: 'seek', time }, [['currentTime', this.sdk.clampSeek(time)]]);
  }
  muteOrUnmute(): void {
    const mute = !this.player.isMuted;
    this.sdk.send({ type: mute ? 'mute' : 'unmute' }, [['isMuted', mute]]);
  }
  setVolumeLevel(): void {
    const level = this.player.volumeLevel;
    this.sdk.send({ type: 'volume', level }, [['volumeLevel', level]]);
  }
  getFormattedTime(timeInSec: number): string {
    const s = Math.floor(timeInSec);
    return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  }
  getSeekPosition(currentTime: number, duration: number): number {
    return (currentTime / duration) * 100;
  }
  getSeekTime(currentPosition: number, duration: number): number {
    return (currentPosition / 100) * duration;
  }
  addEventListener(
    type: cast.framework.RemotePlayerEventType,
    handler: (event: cast.framework.RemotePlayerChangedEvent) => void,
  ): void {
    this.listeners.add(type, handler);
  }
  removeEventListener(
    type: cast.framework.RemotePlayerEventType,
    handler: (event: cast.framework.RemotePlayerChangedEvent) => void,
  ): void {
    this.listeners.remove(type, handler);
  }
}

/** How far the fake receiver's live edge moves before `liveSeekableRange` is reported again (s). */
const REPORT_RANGE_EVERY_S = 5;

/** The part of `chrome.cast.media.Media` the sender uses through `getMediaSession()`. */
class MediaSession implements Pick<
  chrome.cast.media.Media,
  'sessionId' | 'mediaSessionId' | 'activeTrackIds' | 'media' | 'editTracksInfo'
> {
  /** In the Web Sender reference (`chrome.cast.media.Media`), not in `@types/chrome`. */
  getEstimatedLiveSeekableRange(): LiveSeekableRange | null {
    return this.media.streamType === (StreamType.LIVE as string) ? this.sdk.receiver.liveRange() : null;
  }
  mediaSessionId = 1;
  constructor(
    public sessionId: string,
    public media: chrome.cast.media.MediaInfo,
    private readonly sdk: FakeCastSdk,
  ) {}
  get activeTrackIds(): number[] {
    return this.sdk.receiver.activeTrackIds;
  }
  editTracksInfo(request: chrome.cast.media.EditTracksInfoRequest, successCallback: () => void): void {
    const ids = [...request.activeTrackIds];
    this.sdk.receiver.commands.push({ type: 'tracks', activeTrackIds: ids });
    setTimeout(() => {
      this.sdk.receiver.activeTrackIds = ids;
      successCallback();
      this.sdk.change([['mediaInfo', this.sdk.remotePlayer.mediaInfo]]);
    }, 0);
  }
}

class CastSession implements cast.framework.CastSession {
  readonly listeners = new Listeners();
  media: MediaSession | null = null;
  private state: cast.framework.SessionState =
    SessionState.SESSION_STARTED as unknown as cast.framework.SessionState;
  constructor(
    private readonly sdk: FakeCastSdk,
    private readonly id: string,
  ) {}
  getSessionObj(): chrome.cast.Session {
    throw new Error('fake Cast SDK: chrome.cast.Session is not modelled');
  }
  getSessionId(): string {
    return this.id;
  }
  getSessionState(): cast.framework.SessionState {
    return this.state;
  }
  getCastDevice(): chrome.cast.Receiver {
    // The reference: "The user given name (URI-escaped) for the receiver."
    return {
      label: 'fake',
      friendlyName: encodeURIComponent(this.sdk.receiver.setup.deviceName),
    } as chrome.cast.Receiver;
  }
  getApplicationMetadata(): cast.framework.ApplicationMetadata {
    const metadata = new ApplicationMetadata();
    metadata.applicationId = this.sdk.options?.receiverApplicationId ?? '';
    metadata.name = 'Default Media Receiver';
    return metadata;
  }
  getApplicationStatus(): string {
    return '';
  }
  getActiveInputState(): cast.framework.ActiveInputState {
    return ActiveInputState.ACTIVE_INPUT_STATE_UNKNOWN as unknown as cast.framework.ActiveInputState;
  }
  endSession(stopCasting: boolean): void {
    this.sdk.context.endCurrentSession(stopCasting);
  }
  setVolume(volume: number): Promise<chrome.cast.ErrorCode | undefined> {
    this.sdk.remotePlayer.volumeLevel = volume;
    this.sdk.remotePlayer.controller?.setVolumeLevel();
    return Promise.resolve(undefined);
  }
  getVolume(): number {
    return this.sdk.remotePlayer.volumeLevel;
  }
  setMute(mute: boolean): Promise<chrome.cast.ErrorCode | undefined> {
    if (mute !== this.sdk.remotePlayer.isMuted) this.sdk.remotePlayer.controller?.muteOrUnmute();
    return Promise.resolve(undefined);
  }
  isMute(): boolean {
    return this.sdk.remotePlayer.isMuted;
  }
  sendMessage(): Promise<chrome.cast.ErrorCode | undefined> {
    return Promise.reject(new Error('fake Cast SDK: custom messages are not modelled'));
  }
  addMessageListener(): void {
    throw new Error('fake Cast SDK: custom messages are not modelled');
  }
  removeMessageListener(): void {
    throw new Error('fake Cast SDK: custom messages are not modelled');
  }
  loadMedia(request: chrome.cast.media.LoadRequest): Promise<chrome.cast.ErrorCode | undefined> {
    const receiver = this.sdk.receiver;
    receiver.commands.push({ type: 'load', request });
    return new Promise((resolve) =>
      setTimeout(() => {
        if (receiver.setup.loadError) return resolve(receiver.setup.loadError as chrome.cast.ErrorCode);
        const live = request.media.streamType === (StreamType.LIVE as string);
        const info = new MediaInfo(request.media.contentId, request.media.contentType);
        info.streamType = request.media.streamType;
        info.metadata = request.media.metadata;
        info.tracks = receiver.setup.textTracks.map(({ trackId, language, name }) => {
          const track = new Track(trackId, TrackType.TEXT as unknown as chrome.cast.media.TrackType);
          track.language = language;
          track.name = name;
          return track;
        });
        this.media = new MediaSession(this.id, info, this.sdk);
        receiver.activeTrackIds = [...(request.activeTrackIds ?? [])];
        const requested = request.currentTime as number | null;
        const startAt = requested ?? (live ? receiver.liveEdge : 0);
        this.sdk.change([
          ['mediaInfo', info],
          ['isMediaLoaded', true],
          ['title', (request.media.metadata as GenericMediaMetadata | null)?.title ?? ''],
          ['duration', live ? 0 : receiver.setup.vodDurationS],
          ['canSeek', true],
          ['liveSeekableRange', live ? receiver.reportRange() : undefined],
          ['currentTime', startAt],
          ['isPaused', !request.autoplay],
          ['playerState', request.autoplay ? PlayerState.PLAYING : PlayerState.PAUSED],
        ]);
        resolve(undefined);
      }, 0),
    );
  }
  getMediaSession(): chrome.cast.media.Media | null {
    // Only the members `MediaSession` implements are used by the sender (see its `Pick`).
    return this.media as unknown as chrome.cast.media.Media | null;
  }
  addEventListener(type: cast.framework.SessionEventType, handler: Handler): void {
    this.listeners.add(type, handler);
  }
  removeEventListener(type: cast.framework.SessionEventType, handler: Handler): void {
    this.listeners.remove(type, handler);
  }
  ended(): void {
    this.state = SessionState.SESSION_ENDED as unknown as cast.framework.SessionState;
  }
}

class CastContext implements cast.framework.CastContext {
  readonly listeners = new Listeners();
  private castState: string = CastState.NO_DEVICES_AVAILABLE;
  private sessionState: string = SessionState.NO_SESSION;
  private session: CastSession | null = null;
  private sessions = 0;
  constructor(private readonly sdk: FakeCastSdk = currentSdk()) {}

  static getInstance(): CastContext {
    return currentSdk().context;
  }
  setOptions(options: cast.framework.CastOptions): void {
    this.sdk.options = { ...options };
  }
  getCastState(): cast.framework.CastState {
    return this.castState as unknown as cast.framework.CastState;
  }
  getSessionState(): cast.framework.SessionState {
    return this.sessionState as unknown as cast.framework.SessionState;
  }
  getCurrentSession(): cast.framework.CastSession | null {
    return this.session;
  }
  /** The viewer picks the device in Chrome's dialog (or, with `setup.deviceName` empty, closes it). */
  requestSession(): Promise<chrome.cast.ErrorCode | undefined> {
    if (!this.sdk.options) return Promise.reject(new Error('fake Cast SDK: setOptions() was not called'));
    if (this.castState === CastState.NO_DEVICES_AVAILABLE)
      return Promise.resolve('receiver_unavailable' as chrome.cast.ErrorCode);
    if (this.sdk.cancelPicker) return Promise.resolve('cancel' as chrome.cast.ErrorCode);
    this.setSessionState(SessionState.SESSION_STARTING);
    this.setCastState(CastState.CONNECTING);
    return new Promise((resolve) =>
      setTimeout(() => {
        this.sessions += 1;
        this.session = new CastSession(this.sdk, `fake-session-${this.sessions}`);
        this.setSessionState(SessionState.SESSION_STARTED);
        this.setCastState(CastState.CONNECTED);
        this.sdk.change([
          ['isConnected', true],
          ['displayName', 'Default Media Receiver'],
        ]);
        resolve(undefined);
      }, 0),
    );
  }
  endCurrentSession(stopCasting: boolean): void {
    const session = this.session;
    if (!session) return;
    const player = this.sdk.remotePlayer;
    if (stopCasting) this.sdk.receiver.commands.push({ type: 'stop' });
    this.setSessionState(SessionState.SESSION_ENDING);
    // Written without an event, as the SDK keeps it for the sender to resume from.
    const saved: cast.framework.SavedPlayerState = {
      mediaInfo: player.isMediaLoaded ? (player.mediaInfo as unknown as chrome.cast.media.PlayerState) : null,
      currentTime: player.currentTime,
      isPaused: player.isPaused,
    };
    for (const p of [player, ...this.sdk.controllers.map((c) => c.player)]) p.savedPlayerState = saved;
    this.session = null;
    session.ended();
    this.setSessionState(SessionState.SESSION_ENDED);
    this.setCastState(CastState.NOT_CONNECTED);
    this.sdk.change([
      ['isConnected', false],
      ['isMediaLoaded', false],
      ['mediaInfo', undefined],
      ['playerState', null],
      ['liveSeekableRange', undefined],
      ['displayName', ''],
    ]);
  }
  addEventListener(type: cast.framework.CastContextEventType, handler: Handler): void {
    this.listeners.add(type, handler);
  }
  removeEventListener(type: cast.framework.CastContextEventType, handler: Handler): void {
    this.listeners.remove(type, handler);
  }

  setCastState(state: string): void {
    if (this.castState === state) return;
    this.castState = state;
    const event = new CastStateEventData(state as unknown as cast.framework.CastState);
    this.listeners.dispatch(CastContextEventType.CAST_STATE_CHANGED, event);
  }
  private setSessionState(state: string): void {
    this.sessionState = state;
    const event = new SessionStateEventData(
      this.session as cast.framework.CastSession,
      state as unknown as cast.framework.SessionState,
      undefined as unknown as chrome.cast.ErrorCode,
    );
    this.listeners.dispatch(CastContextEventType.SESSION_STATE_CHANGED, event);
  }
}

const FIELD_EVENTS: Partial<Record<keyof RemotePlayer, string>> = {
  isConnected: RemotePlayerEventType.IS_CONNECTED_CHANGED,
  isMediaLoaded: RemotePlayerEventType.IS_MEDIA_LOADED_CHANGED,
  duration: RemotePlayerEventType.DURATION_CHANGED,
  currentTime: RemotePlayerEventType.CURRENT_TIME_CHANGED,
  isPaused: RemotePlayerEventType.IS_PAUSED_CHANGED,
  volumeLevel: RemotePlayerEventType.VOLUME_LEVEL_CHANGED,
  isMuted: RemotePlayerEventType.IS_MUTED_CHANGED,
  canSeek: RemotePlayerEventType.CAN_SEEK_CHANGED,
  displayName: RemotePlayerEventType.DISPLAY_NAME_CHANGED,
  title: RemotePlayerEventType.TITLE_CHANGED,
  mediaInfo: RemotePlayerEventType.MEDIA_INFO_CHANGED,
  playerState: RemotePlayerEventType.PLAYER_STATE_CHANGED,
  liveSeekableRange: RemotePlayerEventType.LIVE_SEEKABLE_RANGE_CHANGED,
};

let current: FakeCastSdk | undefined;
function currentSdk(): FakeCastSdk {
  if (!current) throw new Error('fake Cast SDK: not installed');
  return current;
}

/** One installed fake: the globals' objects and the simulated receiver behind them. */
export class FakeCastSdk {
  readonly context: CastContext = new CastContext(this);
  readonly remotePlayer = new RemotePlayer();
  readonly controllers: RemotePlayerController[] = [];
  readonly receiver = new FakeReceiver(this);
  options: cast.framework.CastOptions | undefined;
  /** The viewer closes the device picker instead of choosing. */
  cancelPicker = false;

  /** `window.cast.framework` as the real SDK defines it. */
  readonly framework = {
    VERSION: 'fake',
    setLoggerLevel: (level: cast.framework.LoggerLevel) => void level,
    LoggerLevel: LoggerLevel as unknown as typeof cast.framework.LoggerLevel,
    CastState: CastState as unknown as typeof cast.framework.CastState,
    SessionState: SessionState as unknown as typeof cast.framework.SessionState,
    CastContextEventType: CastContextEventType as unknown as typeof cast.framework.CastContextEventType,
    SessionEventType: SessionEventType as unknown as typeof cast.framework.SessionEventType,
    RemotePlayerEventType: RemotePlayerEventType as unknown as typeof cast.framework.RemotePlayerEventType,
    ActiveInputState: ActiveInputState as unknown as typeof cast.framework.ActiveInputState,
    CastContext,
    // Senders never construct sessions (the context does), so its constructor is not the SDK's.
    CastSession: CastSession as unknown as typeof cast.framework.CastSession,
    RemotePlayer,
    RemotePlayerController,
    RemotePlayerChangedEvent,
    EventData,
    ApplicationMetadata,
    ActiveInputStateEventData,
    ApplicationMetadataEventData,
    ApplicationStatusEventData,
    CastStateEventData,
    MediaSessionEventData,
    SessionStateEventData,
    VolumeEventData,
  };

  /** `window.chrome.cast`, the members the sender uses (`CastSdk['chromeCast']`). */
  readonly chromeCast = {
    AutoJoinPolicy: AutoJoinPolicy as unknown as typeof chrome.cast.AutoJoinPolicy,
    Image,
    media: {
      DEFAULT_MEDIA_RECEIVER_APP_ID,
      StreamType: StreamType as unknown as typeof chrome.cast.media.StreamType,
      PlayerState: PlayerState as unknown as typeof chrome.cast.media.PlayerState,
      MetadataType: MetadataType as unknown as typeof chrome.cast.media.MetadataType,
      TrackType: TrackType as unknown as typeof chrome.cast.media.TrackType,
      MediaInfo,
      GenericMediaMetadata,
      LoadRequest,
      EditTracksInfoRequest,
    },
  } satisfies CastSdk['chromeCast'];

  /** A Cast device appears on (or leaves) the network. */
  setDevicesAvailable(available: boolean): void {
    if (available) {
      if (this.context.getCastState() === (CastState.NO_DEVICES_AVAILABLE as string))
        this.context.setCastState(CastState.NOT_CONNECTED);
    } else this.context.setCastState(CastState.NO_DEVICES_AVAILABLE);
  }

  /** Listeners still registered on the SDK's objects (a disposed sender must leave none). */
  listenerCount(): number {
    return this.context.listeners.count() + this.controllers.reduce((n, c) => n + c.listeners.count(), 0);
  }

  clampSeek(time: number): number {
    const player = this.remotePlayer;
    if (player.mediaInfo?.streamType === (StreamType.LIVE as string)) {
      const range = this.receiver.liveRange();
      return Math.min(range.end ?? time, Math.max(range.start ?? time, time));
    }
    return Math.min(player.duration, Math.max(0, time));
  }

  /** A command to the receiver: recorded now, its effect reported a moment later. */
  send(command: ReceiverCommand, changes: [keyof RemotePlayer, unknown][]): void {
    this.receiver.commands.push(command);
    setTimeout(() => this.change(changes), 0);
  }

  /** The receiver reports new state: each field changes with its event, then `ANY_CHANGE`. */
  change(changes: [keyof RemotePlayer, unknown][]): void {
    const truth = this.remotePlayer as unknown as Record<string, unknown>;
    for (const [field, value] of changes) {
      if (Object.is(truth[field], value) && field !== 'mediaInfo') continue;
      truth[field] = value;
      const type = FIELD_EVENTS[field];
      for (const controller of this.controllers) {
        (controller.player as unknown as Record<string, unknown>)[field] = value;
        if (type) controller.listeners.dispatch(type, new RemotePlayerChangedEvent(type, field, value));
        const any = RemotePlayerEventType.ANY_CHANGE;
        controller.listeners.dispatch(any, new RemotePlayerChangedEvent(any, field, value));
      }
    }
  }
}

type SdkWindow = Window & {
  cast?: unknown;
  chrome?: Record<string, unknown>;
  __onGCastApiAvailable?: (available: boolean, reason?: string) => void;
};

/** Defines `cast.framework` and `chrome.cast` on `win` and announces them, as `cast_sender.js` does. */
export function installFakeCastSdk(win: Window): FakeCastSdk {
  const sdk = new FakeCastSdk();
  current = sdk;
  const w = win as SdkWindow;
  w.cast = { framework: sdk.framework };
  w.chrome = { ...(w.chrome ?? {}), cast: sdk.chromeCast };
  w.__onGCastApiAvailable?.(true);
  return sdk;
}
