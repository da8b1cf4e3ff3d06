import { isValidStreamName } from '@brume/protocol';
import { preferCodec, WhipError, WhipSession, type WhipSessionOptions } from '@brume/whip';
import type { GuestSpec, SourceEntry } from '../scene/scene-types';
import { backoffDelay, type BackoffOptions } from '../reconnect-backoff';
import { StudioError } from '../studio-error';
import { LiveSourceBase } from './live-source';

/** The part of a WHEP session a guest uses; the seam unit tests fake. */
export interface GuestSession {
  close(): Promise<void>;
  dispose(): void;
}

export interface GuestOptions {
  /** The server origin when the spec names none; defaults to this page's origin. */
  server?: string;
  /** Bearer token for the WHEP requests, when the server protects playback. */
  token?: string;
  /**
   * Waits between tries while the guest's stream is not live or after it dropped, doubling from
   * `baseMs` up to `maxMs`, without limit: a guest is expected to turn up.
   */
  retry?: Partial<Pick<BackoffOptions, 'baseMs' | 'maxMs'>>;
  /** How long ICE + DTLS may take once the server answered before the try counts as failed. */
  connectTimeoutMs?: number;
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  startSession?: (pc: RTCPeerConnection, options: WhipSessionOptions) => Promise<GuestSession>;
}

/**
 * 1 s, 2 s, 4 s, then every 5 s: the same doubling as the publisher's reconnect, with a short
 * ceiling, because the host is waiting to see the guest appear.
 */
export const GUEST_RETRY = { baseMs: 1000, maxMs: 5000 } as const;
const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
/** Chrome reports `disconnected` for blips it often recovers from within a second or two. */
const DISCONNECT_GRACE_MS = 2000;

/** One WHEP playback: what it receives, and a promise that settles when it stops receiving. */
interface Pull {
  video: MediaStreamTrack;
  audio: MediaStreamTrack;
  dropped: Promise<string>;
  close(): void;
}

/**
 * Another Brume stream pulled over WHEP (a guest, a second camera on another machine). While the
 * stream is not live (404) or after it drops, the source is `waiting` with no visual and tries again
 * with backoff; it turns `live` (and emits `change`) as soon as the guest publishes. A refusal
 * (bad token, bad name) stops it with an `error`.
 */
export class LiveGuest extends LiveSourceBase<GuestSpec> {
  private run: AbortController | undefined;
  private readonly retry: Pick<BackoffOptions, 'baseMs' | 'maxMs'>;
  private readonly createPc: (config: RTCConfiguration) => RTCPeerConnection;
  private readonly startSession: (pc: RTCPeerConnection, o: WhipSessionOptions) => Promise<GuestSession>;

  private constructor(
    entry: SourceEntry & { spec: GuestSpec },
    private readonly options: GuestOptions,
  ) {
    super(entry);
    this.retry = { ...GUEST_RETRY, ...options.retry };
    this.createPc = options.createPeerConnection ?? ((config) => new RTCPeerConnection(config));
    this.startSession = options.startSession ?? ((pc, o) => WhipSession.start(pc, o));
    this.teardown.add(() => this.run?.abort());
  }

  /**
   * Resolves after the first try: `live` when the stream plays, `waiting` when it is not live yet
   * (it keeps trying). Rejects when the server refuses (unauthorized, invalid name).
   */
  static async open(
    entry: SourceEntry & { spec: GuestSpec },
    options: GuestOptions = {},
  ): Promise<LiveGuest> {
    const source = new LiveGuest(entry, options);
    try {
      await source.start(entry.spec);
    } catch (error) {
      source.dispose();
      throw error;
    }
    return source;
  }

  /** The WHEP endpoint the guest plays from. */
  static endpoint(spec: GuestSpec, fallbackServer?: string): string {
    const server = (spec.server ?? fallbackServer ?? globalThis.location?.origin ?? '').replace(/\/+$/, '');
    return `${server}/whep/${encodeURIComponent(spec.stream)}`;
  }

  protected async apply(next: GuestSpec, previous: GuestSpec): Promise<void> {
    if (next.stream !== previous.stream || next.server !== previous.server) await this.start(next);
  }

  /** Stops the current run and starts pulling `spec`; resolves after its first try. */
  private start(spec: GuestSpec): Promise<void> {
    if (!isValidStreamName(spec.stream)) return Promise.reject(StudioError.invalidStreamName(spec.stream));
    this.run?.abort();
    const run = new AbortController();
    this.run = run;
    this.publish({ state: 'waiting', visual: undefined, audio: undefined, aspect: undefined });
    return new Promise((resolve, reject) => {
      void this.loop(spec, run.signal, { resolve, reject });
    });
  }

  private async loop(
    spec: GuestSpec,
    signal: AbortSignal,
    first: { resolve(): void; reject(error: unknown): void },
  ): Promise<void> {
    const endpoint = LiveGuest.endpoint(spec, this.options.server);
    let attempt = 0;
    let settled = false;
    const settle = (error?: StudioError): void => {
      if (settled) return;
      settled = true;
      if (error) first.reject(error);
      else first.resolve();
    };
    while (!signal.aborted) {
      try {
        const pull = await this.pull(endpoint, signal);
        attempt = 0;
        this.publish({ state: 'live', visual: { type: 'track', track: pull.video }, audio: pull.audio });
        settle();
        void watchAspect(pull.video, signal).then((aspect) => {
          if (aspect && !signal.aborted) this.publish({ aspect });
        });
        await pull.dropped;
        pull.close();
        if (signal.aborted) return;
        this.publish({ state: 'waiting', visual: undefined, audio: undefined });
      } catch (error) {
        if (signal.aborted) {
          settle();
          return;
        }
        const refusal = refusalOf(error, spec.stream);
        if (refusal) {
          if (settled) this.events.emit('error', refusal);
          settle(refusal);
          return;
        }
        settle();
      }
      attempt += 1;
      await sleep(backoffDelay(attempt, this.retry), signal);
    }
    settle();
  }

  /** One WHEP session: POST, answer, ICE + DTLS connected. Throws (and cleans up) on failure. */
  private async pull(endpoint: string, signal: AbortSignal): Promise<Pull> {
    // No ICE servers: the relay answers with host candidates (and Link headers if it has TURN).
    const pc = this.createPc({ bundlePolicy: 'max-bundle', iceServers: [] });
    const videoTransceiver = pc.addTransceiver('video', { direction: 'recvonly' });
    preferCodec(videoTransceiver, 'video/H264', 'video');
    const audioTransceiver = pc.addTransceiver('audio', { direction: 'recvonly' });
    let session: GuestSession | undefined;
    try {
      session = await this.startSession(pc, {
        endpoint,
        ...(this.options.token ? { token: this.options.token } : {}),
        signal,
      });
      await waitForConnected(pc, this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, signal);
    } catch (error) {
      pc.close();
      void session?.close().catch(() => undefined);
      throw error;
    }
    // A recvonly transceiver's receiver has its track from the start; no need to wait for `track`.
    const video = videoTransceiver.receiver.track;
    const audio = audioTransceiver.receiver.track;
    const live = session;
    const sink = playIntoMutedElement(audio);
    let remoteEnded = false;
    const dropped = whenDropped(pc, [video, audio], signal).then((reason) => {
      remoteEnded = reason !== 'stopped';
      return reason;
    });
    return {
      video,
      audio,
      dropped,
      close: () => {
        sink();
        pc.close();
        // DELETE tells the server at once; a session the server ended itself would only earn a 404.
        if (remoteEnded) live.dispose();
        else void live.close().catch(() => undefined);
      },
    };
  }
}

/** A server's refusal, which retrying will not change; undefined for "not live yet" and network trouble. */
function refusalOf(error: unknown, stream: string): StudioError | undefined {
  if (!(error instanceof WhipError)) return undefined;
  switch (error.code) {
    case 'whip/unauthorized':
      return new StudioError(
        'studio/unauthorized',
        `The server refused to play guest stream "${stream}": check the playback token.`,
        { cause: error },
      );
    case 'whip/rejected':
    case 'whip/conflict':
      return StudioError.sourceUnavailable(`guest stream "${stream}" (${error.message})`, error);
    default:
      return undefined;
  }
}

/**
 * Chromium delivers a remote WebRTC audio track to Web Audio (the mixer) only while the track also
 * plays in a media element (crbug.com/933677): a muted, detached `<audio>` keeps it flowing without
 * sound of its own. Returns its teardown.
 */
function playIntoMutedElement(track: MediaStreamTrack): () => void {
  if (typeof Audio === 'undefined') return () => undefined;
  const element = new Audio();
  element.muted = true;
  element.srcObject = new MediaStream([track]);
  void element.play().catch(() => undefined);
  return () => {
    element.pause();
    element.srcObject = null;
  };
}

function waitForConnected(pc: RTCPeerConnection, timeoutMs: number, signal: AbortSignal): Promise<void> {
  if (pc.connectionState === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      pc.removeEventListener('connectionstatechange', onChange);
      signal.removeEventListener('abort', onAbort);
    };
    const onChange = (): void => {
      if (pc.connectionState === 'connected') {
        done();
        resolve();
      } else if (pc.connectionState === 'failed' || pc.connectionState === 'closed') {
        done();
        reject(StudioError.connectionFailed(`the guest's media connection ${pc.connectionState}`));
      }
    };
    const onAbort = (): void => {
      done();
      reject(StudioError.stopped());
    };
    const timer = setTimeout(() => {
      done();
      reject(StudioError.connectionFailed(`no media from the guest after ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    pc.addEventListener('connectionstatechange', onChange);
    signal.addEventListener('abort', onAbort);
  });
}

/**
 * Settles with why the playback stopped: the connection failed or closed, stayed `disconnected`
 * past the grace period, or a track ended (the server closes viewers when the publish ends); or
 * `stopped` when the run was aborted.
 */
function whenDropped(
  pc: RTCPeerConnection,
  tracks: MediaStreamTrack[],
  signal: AbortSignal,
): Promise<string> {
  return new Promise((resolve) => {
    let grace: ReturnType<typeof setTimeout> | undefined;
    const finish = (reason: string): void => {
      clearTimeout(grace);
      pc.removeEventListener('connectionstatechange', onState);
      signal.removeEventListener('abort', onAbort);
      for (const track of tracks) track.removeEventListener('ended', onEnded);
      resolve(reason);
    };
    const onState = (): void => {
      const state = pc.connectionState;
      if (state === 'failed' || state === 'closed') finish(`the connection ${state}`);
      else if (state === 'connected') {
        clearTimeout(grace);
        grace = undefined;
      } else if (state === 'disconnected' && grace === undefined)
        grace = setTimeout(() => finish('the connection was lost'), DISCONNECT_GRACE_MS);
    };
    const onEnded = (): void => finish('the guest stream ended');
    const onAbort = (): void => finish('stopped');
    pc.addEventListener('connectionstatechange', onState);
    signal.addEventListener('abort', onAbort);
    for (const track of tracks) track.addEventListener('ended', onEnded);
  });
}

/**
 * The picture's shape once frames arrive: a remote track is muted until its first packets, and
 * reports its size only after decoding. Undefined if the run stops first.
 */
function watchAspect(track: MediaStreamTrack, signal: AbortSignal): Promise<number | undefined> {
  const read = (): number | undefined => {
    const { width, height } = track.getSettings();
    return width && height ? width / height : undefined;
  };
  return new Promise((resolve) => {
    let tries = 0;
    // Settings carry no event of their own; polls over the first seconds find the size.
    const timer = setInterval(() => {
      const aspect = read();
      if (aspect || signal.aborted || ++tries > 50) {
        clearInterval(timer);
        resolve(aspect);
      }
    }, 100);
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
