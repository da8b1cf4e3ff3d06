import { isValidStreamName } from '@brume/protocol';
import { preferCodec, WhipError, WhipSession, type WhipSessionOptions } from '@brume/whip';
import { Emitter, type ErrorEvents, type Listener } from './emitter';
import type { PublisherStats } from './publisher-stats';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './reconnect-backoff';
import { StatsPoller } from './stats-poller';
import { StudioError } from './studio-error';
import {
  readStaleSession,
  rememberSession,
  forgetSession,
  defaultSessionStore,
  type SessionStore,
} from './publisher-session-store';
import {
  codecPreferences,
  layerBitrate,
  maxVideoBitrate,
  SIMULCAST_LAYERS,
  VIDEO_CODEC_MIME_TYPES,
  type VideoCodec,
} from './video-encoding';

export type PublisherState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'error';

export interface PublisherEvents extends ErrorEvents {
  state: { state: PublisherState; previous: PublisherState; error?: StudioError };
  /** A re-POST is scheduled after the ICE restart did not bring the connection back. */
  reconnect: { attempt: number; maxAttempts: number; delayMs: number };
  stats: PublisherStats;
}

/** The part of a WHIP session the publisher uses; the seam unit tests fake. */
export interface PublishSession {
  /** Absolute URL of the WHIP resource (remembered for the stale-session cleanup after a reload). */
  readonly resourceUrl: string;
  /** False once the server said it does not do ICE restarts: go straight to a new POST. */
  readonly canRestartIce?: boolean;
  restartIce(): Promise<void>;
  close(): Promise<void>;
  dispose(): void;
}

export interface PublisherOptions {
  /** The server origin, e.g. `https://live.example.com`; defaults to this page's origin. */
  server?: string;
  stream: string;
  /** Bearer token (stream key), sent on every WHIP request. */
  token?: string;
  /**
   * `h264` (default): the relay can later repackage it for HLS/DASH. `vp8`, `vp9`, `av1`: relayed to
   * WebRTC viewers only (`encodableVideoCodecs()` says which this browser has). The offer then
   * leaves H.264 out, because the relay takes H.264 whenever it is offered.
   */
  videoCodec?: VideoCodec;
  /**
   * Ceiling of the (top layer's) video bitrate, bits per second; default `maxVideoBitrate` of the
   * picture (3 Mbit/s at 720p30). Change it while live with `setMaxVideoBitrate`.
   */
  maxVideoBitrate?: number;
  /**
   * Longest gap between keyframes, ms (500–60000). WebRTC encoders send keyframes only when asked,
   * so this travels with the WHIP POST (`?keyframeIntervalMs=`) and the relay asks (RTCP PLI) on
   * that cadence. Default: the relay's own cadence (1 s while it packages H.264, else on demand).
   */
  keyframeIntervalMs?: number;
  /**
   * Send three encodings (rid f/h/q at 1, 1/2 and 1/4 size, RFC 8853) instead of one. The Brume
   * relay forwards and packages the full-size layer.
   */
  simulcast?: boolean;
  /**
   * Where the live session's resource URL is remembered, so that after a page reload the next
   * publish DELETEs the left-over resource first and the name is free at once (no 409 until the
   * server times it out). Default `sessionStorage` (per tab: another tab's publish is never touched);
   * `null` turns it off.
   */
  sessionStore?: SessionStore | null;
  /** The fetch used for WHIP requests (default: the global one). */
  fetch?: typeof fetch;
  reconnect?: Partial<BackoffOptions>;
  /** How long ICE + DTLS may take after the server answered before the attempt counts as failed. */
  connectTimeoutMs?: number;
  statsIntervalMs?: number;
  /** Seams for tests and embedding: how to make the connection and start the WHIP session. */
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  startSession?: (pc: RTCPeerConnection, options: WhipSessionOptions) => Promise<PublishSession>;
}

interface SendersByKind {
  video: RTCRtpSender;
  audio: RTCRtpSender;
}

/** Chrome reports `disconnected` for blips it often recovers from by itself within a second or two. */
const DISCONNECT_GRACE_MS = 2000;
const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
/** An ICE restart on a path that works again takes a round trip or two; longer means re-POST. */
const ICE_RESTART_TIMEOUT_MS = 5000;
/** How long a stale-session DELETE may hold up a publish. */
const STALE_DELETE_TIMEOUT_MS = 3000;

/**
 * Publishes one MediaStream (≤ 1 video + 1 audio track) to `/whip/:stream` and keeps it up.
 *
 * States: `idle → connecting → live`, `live → reconnecting → live` when the connection drops, and
 * `error` when the server refuses or reconnecting gives up. Reconnecting first restarts ICE inside
 * the same WHIP session (a PATCH, so viewers keep the same stream), then re-POSTs with exponential
 * backoff. The tracks belong to the caller's source: stop() and dispose() never stop them.
 */
export class Publisher {
  readonly streamName: string;
  private readonly endpoint: string;
  private readonly backoff: BackoffOptions;
  private readonly events = new Emitter<PublisherEvents>();
  private readonly createPc: (config: RTCConfiguration) => RTCPeerConnection;
  private readonly startSession: (pc: RTCPeerConnection, o: WhipSessionOptions) => Promise<PublishSession>;
  private readonly sessionStore: SessionStore | undefined;
  /** The endpoint without options: a stale session is found whatever options the reload uses. */
  private readonly storeKey: string;
  private videoBitrate: number | undefined;
  private currentState: PublisherState = 'idle';
  private currentError: StudioError | undefined;
  private media: MediaStream | undefined;
  private pc: RTCPeerConnection | undefined;
  private session: PublishSession | undefined;
  private senders: SendersByKind | undefined;
  private detachPc: (() => void) | undefined;
  /** One per publish() → stop(): aborts requests, sleeps and waits of that run. */
  private run: AbortController | undefined;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly poller: StatsPoller;
  private latestStats: PublisherStats | undefined;
  private disposed = false;

  constructor(private readonly options: PublisherOptions) {
    this.streamName = options.stream;
    const server = (options.server ?? globalThis.location?.origin ?? '').replace(/\/+$/, '');
    const query =
      options.keyframeIntervalMs !== undefined
        ? `?keyframeIntervalMs=${Math.round(options.keyframeIntervalMs)}`
        : '';
    this.storeKey = `${server}/whip/${encodeURIComponent(options.stream)}`;
    this.endpoint = `${this.storeKey}${query}`;
    this.sessionStore =
      options.sessionStore === null ? undefined : (options.sessionStore ?? defaultSessionStore());
    this.videoBitrate = options.maxVideoBitrate;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.reconnect };
    this.createPc = options.createPeerConnection ?? ((config) => new RTCPeerConnection(config));
    this.startSession = options.startSession ?? ((pc, o) => WhipSession.start(pc, o));
    this.poller = new StatsPoller(
      async () => {
        if (!this.pc) throw new Error('no connection');
        return this.pc.getStats();
      },
      (stats) => {
        this.latestStats = stats;
        this.events.emit('stats', stats);
      },
      options.statsIntervalMs,
    );
  }

  get state(): PublisherState {
    return this.currentState;
  }

  /** Why the publisher is in `error` (cleared by the next publish()). */
  get error(): StudioError | undefined {
    return this.currentError;
  }

  /** The latest stats sample while live; undefined otherwise. */
  get stats(): PublisherStats | undefined {
    return this.latestStats;
  }

  /** The peer connection of the current attempt (for tests and diagnostics; do not modify it). */
  get peerConnection(): RTCPeerConnection | undefined {
    return this.pc;
  }

  /** The video bitrate ceiling set by option or `setMaxVideoBitrate`; undefined: sized to the picture. */
  get maxVideoBitrate(): number | undefined {
    return this.videoBitrate;
  }

  /**
   * Changes the video bitrate ceiling (bits per second; undefined: back to the picture's default).
   * Applied at once with `RTCRtpSender.setParameters` while connected (no renegotiation), else at
   * the next publish.
   */
  async setMaxVideoBitrate(bitsPerSecond: number | undefined): Promise<void> {
    if (bitsPerSecond !== undefined && !(bitsPerSecond > 0))
      throw new RangeError('the bitrate must be positive');
    this.videoBitrate = bitsPerSecond;
    if (this.senders) await configureVideoSender(this.senders.video, this.videoBitrate);
  }

  /** The WHIP endpoint this publisher POSTs to. */
  get url(): string {
    return this.endpoint;
  }

  on<K extends keyof PublisherEvents>(type: K, listener: Listener<PublisherEvents[K]>): () => void {
    return this.events.on(type, listener);
  }

  /**
   * Starts publishing `stream`. Resolves once media flows (state `live`); rejects with a StudioError
   * when it cannot (the state is then `error`, or `idle` if stop() came first: code `studio/stopped`).
   */
  async publish(stream: MediaStream): Promise<void> {
    if (this.disposed) throw StudioError.stopped();
    if (this.currentState !== 'idle' && this.currentState !== 'error') throw StudioError.alreadyPublishing();
    if (!isValidStreamName(this.streamName)) {
      const error = StudioError.invalidStreamName(this.streamName);
      this.fail(error);
      throw error;
    }
    this.media = stream;
    this.currentError = undefined;
    const run = new AbortController();
    this.run = run;
    this.setState('connecting');
    try {
      await this.deleteStaleSession(run.signal);
      await this.connect(run.signal);
    } catch (error) {
      if (run.signal.aborted) throw StudioError.stopped();
      const studioError = StudioError.fromPublish(error, this.streamName);
      await this.teardownConnection();
      if (!run.signal.aborted) this.fail(studioError);
      throw studioError;
    }
    if (run.signal.aborted) throw StudioError.stopped();
    this.enterLive();
  }

  /**
   * Switches to another source's tracks. While connected this is `replaceTrack` on the senders, so
   * nothing is renegotiated and viewers see no interruption; otherwise the next publish uses them.
   */
  async setStream(stream: MediaStream): Promise<void> {
    this.media = stream;
    const senders = this.senders;
    if (!senders) return;
    await Promise.all([
      senders.video.replaceTrack(stream.getVideoTracks()[0] ?? null),
      senders.audio.replaceTrack(stream.getAudioTracks()[0] ?? null),
    ]);
    // A camera after the test pattern (or the reverse) may have another size: another ceiling.
    await configureVideoSender(senders.video, this.videoBitrate);
  }

  /** Ends the publish: DELETEs the WHIP session and closes the connection. The tracks keep running. */
  async stop(): Promise<void> {
    this.run?.abort();
    this.run = undefined;
    this.clearGrace();
    this.poller.stop();
    this.latestStats = undefined;
    await this.teardownConnection();
    this.currentError = undefined;
    this.setState('idle');
  }

  /** Stops publishing and removes all listeners. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    void this.stop();
    this.events.clear();
  }

  /** One attempt: a new connection, the WHIP exchange, then waiting for ICE + DTLS. */
  private async connect(signal: AbortSignal): Promise<void> {
    const media = this.media;
    if (!media) throw StudioError.connectionFailed('there is nothing to publish');
    const pc = this.createPc({ bundlePolicy: 'max-bundle' });
    this.pc = pc;
    const senders = addSendTransceivers(
      pc,
      media,
      this.options.videoCodec ?? 'h264',
      this.options.simulcast ?? false,
    );
    this.senders = senders;
    const onState = (): void => this.onConnectionState(pc);
    pc.addEventListener('connectionstatechange', onState);
    this.detachPc = () => pc.removeEventListener('connectionstatechange', onState);

    const session = await this.startSession(pc, {
      endpoint: this.endpoint,
      ...(this.options.token ? { token: this.options.token } : {}),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      signal,
    });
    if (signal.aborted || this.pc !== pc) {
      // stop() ran while the POST was in flight: the server made a session nobody will DELETE otherwise.
      await session.close();
      throw StudioError.stopped();
    }
    this.session = session;
    if (this.sessionStore) rememberSession(this.sessionStore, this.storeKey, session.resourceUrl);
    await configureVideoSender(senders.video, this.videoBitrate);
    await waitForConnected(pc, this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, signal);
  }

  private onConnectionState(pc: RTCPeerConnection): void {
    if (pc !== this.pc || this.currentState !== 'live') return;
    const state = pc.connectionState;
    if (state === 'connected') this.clearGrace();
    else if (state === 'failed') void this.reconnect();
    else if (state === 'disconnected' && this.graceTimer === undefined) {
      this.graceTimer = setTimeout(() => {
        this.graceTimer = undefined;
        if (pc === this.pc && this.currentState === 'live' && pc.connectionState !== 'connected')
          void this.reconnect();
      }, DISCONNECT_GRACE_MS);
    }
  }

  /**
   * Runs the recovery path now, while live: an ICE restart inside the same WHIP session, then a new
   * POST if that fails. For when the caller knows the network changed (the browser went back
   * `online`, the interface switched) before ICE consent notices.
   */
  async refreshConnection(): Promise<void> {
    await this.reconnect();
  }

  private async reconnect(): Promise<void> {
    const run = this.run;
    if (!run || this.currentState !== 'live') return;
    const { signal } = run;
    this.clearGrace();
    this.poller.stop();
    this.setState('reconnecting');

    // First an ICE restart inside the same session: no new resource, no renegotiated media.
    const pc = this.pc;
    if (pc && this.session && this.session.canRestartIce !== false) {
      try {
        await this.session.restartIce();
        const timeoutMs = Math.min(ICE_RESTART_TIMEOUT_MS, this.options.connectTimeoutMs ?? Infinity);
        await waitForConnected(pc, timeoutMs, signal);
        if (signal.aborted) return;
        this.enterLive();
        return;
      } catch {
        if (signal.aborted) return;
        // The session may be gone on the server (restart, timeout): fall through to a fresh POST.
      }
    }

    let lastError: StudioError | undefined;
    for (let attempt = 1; attempt <= this.backoff.maxAttempts; attempt++) {
      const delayMs = backoffDelay(attempt, this.backoff);
      this.events.emit('reconnect', { attempt, maxAttempts: this.backoff.maxAttempts, delayMs });
      // DELETE the old resource first, so our own stale session does not hold the name (409).
      await this.teardownConnection();
      await sleep(delayMs, signal);
      if (signal.aborted) return;
      try {
        await this.connect(signal);
        if (signal.aborted) return;
        this.enterLive();
        return;
      } catch (error) {
        if (signal.aborted) return;
        lastError = StudioError.fromPublish(error, this.streamName);
        if (!isRetryable(error)) {
          await this.teardownConnection();
          this.fail(lastError);
          return;
        }
      }
    }
    await this.teardownConnection();
    if (!signal.aborted) this.fail(StudioError.reconnectFailed(this.backoff.maxAttempts, lastError));
  }

  /**
   * DELETEs the resource a previous page left behind (a reload while live never sent its DELETE),
   * so the relay frees the name now rather than after its stale-media timeout. Bounded: a server
   * that does not answer within a few seconds does not hold up the new publish.
   */
  private async deleteStaleSession(signal: AbortSignal): Promise<void> {
    const store = this.sessionStore;
    if (!store) return;
    const stale = readStaleSession(store, this.storeKey);
    if (!stale) return;
    forgetSession(store, this.storeKey, stale);
    const timeout = AbortSignal.timeout(STALE_DELETE_TIMEOUT_MS);
    await WhipSession.deleteResource(stale, {
      ...(this.options.token ? { token: this.options.token } : {}),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      signal: AbortSignal.any([signal, timeout]),
    });
  }

  private enterLive(): void {
    this.setState('live');
    this.poller.start();
  }

  private fail(error: StudioError): void {
    this.poller.stop();
    this.latestStats = undefined;
    this.run = undefined;
    this.currentError = error;
    this.setState('error', error);
    this.events.emit('error', error);
  }

  private async teardownConnection(): Promise<void> {
    const session = this.session;
    const pc = this.pc;
    this.session = undefined;
    this.pc = undefined;
    this.senders = undefined;
    this.detachPc?.();
    this.detachPc = undefined;
    pc?.close();
    if (!session) return;
    await session.close();
    // Forgotten only once the DELETE is done: a page unloading meanwhile (the studio stops on
    // pagehide) leaves the entry, and the next page load DELETEs again (a 404 at worst).
    if (this.sessionStore) forgetSession(this.sessionStore, this.storeKey, session.resourceUrl);
  }

  private clearGrace(): void {
    if (this.graceTimer !== undefined) clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }

  private setState(state: PublisherState, error?: StudioError): void {
    const previous = this.currentState;
    if (previous === state && !error) return;
    this.currentState = state;
    this.events.emit('state', error ? { state, previous, error } : { state, previous });
  }
}

/**
 * One sendonly transceiver per kind, even without a track, so a later source can add the missing
 * kind with replaceTrack instead of a renegotiation. H.264 goes first where the browser has it: the
 * server can repackage it for HLS/DASH, while VP8/VP9/AV1 could only be relayed. For those, H.264 is
 * left out of the offer altogether, because the relay takes H.264 whenever it is offered, whatever
 * the order. With `simulcast`, the video transceiver gets the three RFC 8853 encodings.
 */
function addSendTransceivers(
  pc: RTCPeerConnection,
  media: MediaStream,
  codec: VideoCodec,
  simulcast: boolean,
): SendersByKind {
  const video = media.getVideoTracks()[0];
  const audio = media.getAudioTracks()[0];
  const videoTransceiver = pc.addTransceiver(video ?? 'video', {
    direction: 'sendonly',
    streams: [media],
    ...(simulcast
      ? {
          sendEncodings: SIMULCAST_LAYERS.map(({ rid, scaleResolutionDownBy }) => ({
            rid,
            scaleResolutionDownBy,
          })),
        }
      : {}),
  });
  if (codec === 'h264') preferCodec(videoTransceiver, 'video/H264', 'video');
  else preferOnly(videoTransceiver, VIDEO_CODEC_MIME_TYPES[codec], ['video/H264']);
  const audioTransceiver = pc.addTransceiver(audio ?? 'audio', { direction: 'sendonly', streams: [media] });
  return { video: videoTransceiver.sender, audio: audioTransceiver.sender };
}

/** Puts `mimeType` first and drops `excluded`; keeps the browser's order when it lacks `mimeType`. */
function preferOnly(transceiver: RTCRtpTransceiver, mimeType: string, excluded: string[]): void {
  const capabilities = globalThis.RTCRtpSender?.getCapabilities?.('video');
  if (!capabilities || typeof transceiver.setCodecPreferences !== 'function') return;
  const codecs = codecPreferences(capabilities.codecs, mimeType, excluded);
  if (codecs) transceiver.setCodecPreferences(codecs);
}

/**
 * The ceiling and the trade-off for the video encoder (RTCRtpSender.setParameters), applied once
 * the answer is in (Chromium drops parameters set before negotiation) and on every source switch.
 *
 * - `maxBitrate`: Chromium's default for 720p is 2.5 Mbit/s; `maxVideoBitrate` scales with the
 *   picture instead (3 Mbit/s at 720p30), unless the caller set its own ceiling (`topBitrate`).
 *   Simulcast's smaller layers get `layerBitrate` of it. The relay's REMB lets the estimate start high; this bounds
 *   what the encoder takes of it.
 * - `degradationPreference: 'maintain-resolution'`: measured on loopback with the 720p pattern,
 *   'balanced' and 'maintain-framerate' both start at 640x360 with `qualityLimitationReason`
 *   'bandwidth' even under a 6 Mbit/s estimate and need ~10 s of 4-second steps to reach 720p;
 *   'maintain-resolution' sends 720p30 from the first second. It is also what a broadcast encoder
 *   does: a fixed picture whose quality (QP) varies. Under real congestion Chromium's loss-based
 *   estimate still backs off and the encoder then lowers quality and, if that is not enough, the
 *   frame rate instead of the size.
 *
 * A browser that refuses the parameters keeps its defaults: publishing must not fail for this.
 */
async function configureVideoSender(sender: RTCRtpSender, topBitrate: number | undefined): Promise<void> {
  const track = sender.track;
  if (!track || typeof sender.getParameters !== 'function') return;
  const parameters = sender.getParameters();
  if (parameters.encodings.length === 0) return;
  const { width = 1280, height = 720, frameRate = 30 } = track.getSettings();
  const top = topBitrate ?? maxVideoBitrate(width, height, frameRate);
  // Simulcast layers get a share by their size; a single encoding has scale 1.
  parameters.encodings = parameters.encodings.map((encoding) => ({
    ...encoding,
    maxBitrate: layerBitrate(top, encoding.scaleResolutionDownBy),
  }));
  parameters.degradationPreference = 'maintain-resolution';
  await sender.setParameters(parameters).catch(() => undefined);
}

/** Network trouble and server errors may pass; a refusal (409, 401, 4xx) will not by retrying. */
function isRetryable(error: unknown): boolean {
  if (error instanceof WhipError)
    return (
      error.code === 'whip/network' || error.code === 'whip/server' || error.code === 'whip/bad-response'
    );
  if (error instanceof StudioError) return error.code === 'studio/connection-failed';
  return true;
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
        reject(StudioError.connectionFailed(`the media connection ${pc.connectionState}`));
      }
    };
    const onAbort = (): void => {
      done();
      reject(StudioError.stopped());
    };
    const timer = setTimeout(() => {
      done();
      reject(
        StudioError.connectionFailed(
          `no media connection after ${Math.round(timeoutMs / 1000)} s (is UDP to the server blocked?)`,
        ),
      );
    }, timeoutMs);
    pc.addEventListener('connectionstatechange', onChange);
    signal.addEventListener('abort', onAbort);
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
