import type { Player } from '../player-api';
import type { PlayerError } from '../player-error';
import type { PlayerEvents } from '../player-events';
import type { PlayerState } from '../player-state';

/** `PlayerOptions.cast`: casting is on unless this is `false`. */
export interface CastOptions {
  /** The Cast receiver app (default: Google's Default Media Receiver, `CC1AD845`). */
  receiverApplicationId?: string;
  /** Where the Cast sender SDK is loaded from (default: Google's `cast_sender.js?loadCastFramework=1`). */
  sdkUrl?: string;
}

/**
 * How this page can cast: `chromecast` through the Cast sender SDK (Chromium), else
 * `remote-playback` through the element's Remote Playback API (AirPlay in Safari).
 */
export type CastKind = 'chromecast' | 'remote-playback';

/** `PlayerState.cast`: `undefined` while casting is off or not possible in this browser. */
export interface CastState {
  kind: CastKind;
  /** A device is there to cast to: the skin shows its cast button. */
  available: boolean;
  session: 'none' | 'connecting' | 'connected';
  /** The receiver's name while connected (`undefined` where the API does not tell it). */
  device: string | undefined;
}

/** What the player does while a receiver plays: its control methods are sent here. */
export interface RemoteControls {
  play(): void;
  pause(): void;
  seek(time: number): void;
  goLive(): void;
  setVolume(volume: number): void;
  setMuted(muted: boolean): void;
  setTextTrack(id: string | undefined): void;
}

/** The player core as the cast code sees it (the core stays the only writer of its state). */
export interface CastHost {
  readonly video: HTMLVideoElement;
  /** Origin of the Brume server: relative source URLs resolve against it. */
  readonly server: string;
  getState(): Readonly<PlayerState>;
  commit(patch: Partial<PlayerState>): void;
  /** Stops local playback (the engine is disposed: nothing downloads) and sends controls to `remote`. */
  handOver(remote: RemoteControls): void;
  /** Local playback again: at `time` (`undefined`: the live edge, or the start), paused or not. */
  takeBack(time: number | undefined, paused: boolean): void;
  reportError(error: PlayerError): void;
}

/**
 * The player core's members the cast code uses to build its `CastHost` (`cast-host.ts`): the core
 * implements this, so the hand-over logic itself stays in the lazy chunk.
 */
/** The control methods that go to the receiver while casting. */
export type ControlMethod = 'play' | 'pause' | 'seek' | 'goLive' | 'setVolume' | 'setMuted' | 'setTextTrack';

export interface CastCore extends Pick<Player, ControlMethod> {
  readonly video: HTMLVideoElement;
  readonly server: string;
  remote: RemoteControls | undefined;
  /** Set by `linkCast` once casting is set up. */
  castLink: CastLink | undefined;
  readonly disposed: boolean;
  /** Run by the core's `dispose()`. */
  readonly cleanups: (() => void)[];
  userPaused: boolean;
  resumeAt: number | undefined;
  getState(): Readonly<PlayerState>;
  commit(patch: Partial<PlayerState>): void;
  emit<K extends keyof PlayerEvents>(type: K, payload: PlayerEvents[K]): void;
  clearRetry(): void;
  stopAttempt(): void;
  reconcile(): void;
}

/** The loaded cast code, as the core drives it. */
export interface CastLink {
  /** Opens the browser's device picker (needs a user gesture). */
  start(): Promise<void>;
  /** Ends the session; local playback takes over at the receiver's position. */
  stop(): void;
  dispose(): void;
}
