import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerConfig } from '../config';
import type { EndReason } from '../stream/stream';
import type { StreamRegistry } from '../stream/stream-registry';
import type { Logger } from '../util/logger';
import type { WebRtcRelay } from '../webrtc/webrtc-relay';
import { IngestError } from './ingest-error';
import { PullSession } from './pull-session';
import { probeSource } from './source-probe';
import { retryDelay } from './retry-delay';

/** What a pull works with: the relay it feeds, the streams, the running config. */
export interface HlsPullContext {
  relay: Pick<WebRtcRelay, 'ingest' | 'media'>;
  registry: StreamRegistry;
  /** Read at each attempt, so a reloaded config applies to the next one. */
  config: Pick<ServerConfig, 'pull' | 'keyframeCadenceMs' | 'maxIngestBitrate'>;
  log: Logger;
}

/** ffmpeg must have sent a first keyframe this long after it started, or the attempt failed. */
const FIRST_KEYFRAME_TIMEOUT_MS = 20_000;
/** How often a running pull checks whether anyone still uses it. */
const IDLE_CHECK_MS = 1000;

type Outcome =
  { kind: 'ended' } | { kind: 'stopped' } | { kind: 'failed'; error: IngestError; wasLive: boolean };

/**
 * Keeps one stream fed from an HLS URL: probe, run ffmpeg (`PullSession`), hand it to the relay,
 * and when it fails try again after a growing delay (the stream `starting` meanwhile, its info
 * carrying the error). It starts on demand (`want`) and stops when nobody has used it for
 * `pull.idleMs` (no media reader, no WHEP viewer, no request), unless `alwaysOn` (recorded streams).
 * A source that plays out ends the stream (`source-ended`), which then stays ended for `idleMs`
 * before a request starts it again, so its viewers see the end rather than a restart; a missing
 * ffmpeg is not retried either.
 *
 * The stream's state belongs to the relay while a session is attached; between sessions (probing,
 * waiting to retry) this object begins and ends a publish of its own id on the stream.
 */
export class HlsPull {
  private loop: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private session: PullSession | undefined;
  private pendingId: string | undefined;
  /** `starting`: probing or waiting for the first keyframe; `running`: attached; `waiting`: to retry. */
  private phase: 'starting' | 'running' | 'waiting' = 'starting';
  private lastWantedAt = 0;
  /** When the source played out, or the pull gave up: the stream stays ended a while. */
  private restingSince: number | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    readonly name: string,
    readonly url: string,
    /** Runs whatever its use (a recorded stream, see `PullManager`). */
    readonly alwaysOn: boolean,
    private readonly context: HlsPullContext,
  ) {}

  /** Whether a pull is under way (probing, running, or waiting to retry). */
  get running(): boolean {
    return this.loop !== undefined;
  }

  /** ffmpeg's process id while one runs. */
  get pid(): number | undefined {
    return this.session?.pid;
  }

  /** Someone asked for the stream: keeps it from idling, and starts it unless it is resting. */
  want(): void {
    const now = Date.now();
    this.lastWantedAt = now;
    if (this.disposed || this.loop) return;
    if (this.restingSince !== undefined && now - this.restingSince < this.context.config.pull.idleMs) return;
    this.start();
  }

  /** Stops the pull (ffmpeg killed, sockets closed); the stream ends with `reason`. */
  async stop(reason: EndReason): Promise<void> {
    const loop = this.loop;
    this.abort?.abort();
    this.session?.close(reason);
    this.endPending(reason);
    await loop;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.stop('shutdown');
  }

  private start(): void {
    const abort = new AbortController();
    this.abort = abort;
    this.restingSince = undefined;
    this.idleTimer = setInterval(
      () => this.checkIdle(),
      Math.min(IDLE_CHECK_MS, this.context.config.pull.idleMs),
    );
    this.idleTimer.unref();
    this.loop = this.run(abort.signal)
      .catch((error: unknown) => this.context.log.error({ err: error, stream: this.name }, 'pull failed'))
      .finally(() => {
        clearInterval(this.idleTimer);
        this.idleTimer = undefined;
        this.loop = undefined;
        this.abort = undefined;
      });
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { log, config, registry } = this.context;
    let failures = 0;
    while (!signal.aborted) {
      const outcome = await this.attempt(signal);
      if (signal.aborted || outcome.kind === 'stopped') return;
      if (outcome.kind === 'ended') {
        log.info({ stream: this.name, url: this.url }, `source of ${this.name} ended`);
        this.restingSince = Date.now();
        return;
      }
      const { error } = outcome;
      registry.ensure(this.name).setError({ code: error.code, message: error.message });
      if (!error.retryable) {
        log.error(
          { stream: this.name, url: this.url, code: error.code },
          `cannot pull ${this.name}: ${error.message}`,
        );
        this.endPending('error');
        this.restingSince = Date.now();
        return;
      }
      failures = outcome.wasLive ? 1 : failures + 1;
      const delay = retryDelay(failures, config.pull.retryMinMs, config.pull.retryMaxMs);
      log.warn(
        { stream: this.name, url: this.url, code: error.code, failures, retryInMs: delay },
        `pull of ${this.name} failed (${error.message}); retrying in ${(delay / 1000).toFixed(1)} s`,
      );
      this.phase = 'waiting';
      this.beginPending();
      await sleep(delay, undefined, { signal }).catch(() => {});
    }
  }

  /** One probe + ffmpeg run, to its end. */
  private async attempt(signal: AbortSignal): Promise<Outcome> {
    const { config, log, relay } = this.context;
    this.phase = 'starting';
    this.beginPending();
    let probe;
    try {
      probe = await probeSource(this.url, config.pull.ffprobePath, signal);
    } catch (error) {
      if (signal.aborted) return { kind: 'stopped' };
      return { kind: 'failed', error: asIngestError(error, this.url), wasLive: false };
    }
    if (signal.aborted) return { kind: 'stopped' };
    let session: PullSession;
    try {
      session = await PullSession.start({
        streamName: this.name,
        url: this.url,
        probe,
        ffmpegPath: config.pull.ffmpegPath,
        keyframeIntervalMs: config.keyframeCadenceMs || 1000,
        maxBitrate: config.maxIngestBitrate,
        log,
      });
    } catch (error) {
      // No loopback socket: as much a failed attempt as a source that did not answer.
      const message = error instanceof Error ? error.message : String(error);
      return { kind: 'failed', error: IngestError.sourceFailed(this.url, message), wasLive: false };
    }
    this.session = session;
    const closed = new Promise<EndReason>((resolve) => session.events.on('closed', resolve));
    const firstKeyframe = setTimeout(() => session.close('timeout'), FIRST_KEYFRAME_TIMEOUT_MS);
    session.events.on('connected', () => {
      clearTimeout(firstKeyframe);
      // Synchronously, so the packet that made the codecs known reaches the pipeline.
      this.phase = 'running';
      relay.ingest(this.name, session);
      // A slow start is no idleness: the idle clock runs from the moment there is something to use.
      this.lastWantedAt = Date.now();
      this.registryStream().setError(undefined);
    });
    if (signal.aborted) session.close('shutdown');
    log.info(
      { stream: this.name, url: this.url, live: probe.live, video: probe.video, audio: probe.audio },
      `pulling ${this.name} from ${this.url} (${probe.live ? 'live' : 'VoD'})`,
    );
    const reason = await closed;
    clearTimeout(firstKeyframe);
    await session.exited;
    this.session = undefined;
    if (reason === 'source-ended') {
      this.endPending('source-ended');
      return { kind: 'ended' };
    }
    if (signal.aborted || (reason !== 'error' && reason !== 'timeout')) return { kind: 'stopped' };
    const error =
      session.failure ??
      IngestError.sourceFailed(this.url, session.firstMediaAt ? 'no media for a while' : 'no keyframe came');
    return { kind: 'failed', error, wasLive: session.firstMediaAt > 0 };
  }

  /** The stream shows `starting` while no session is attached (probing, retrying). */
  private beginPending(): void {
    const stream = this.registryStream();
    if (this.pendingId && stream.publisherId === this.pendingId && stream.state === 'starting') return;
    this.pendingId = `pull-${randomBytes(8).toString('hex')}`;
    stream.beginPublish(this.pendingId, []);
  }

  /** Ends the stream if no session took it over since `beginPending`. */
  private endPending(reason: EndReason): void {
    if (this.pendingId) this.context.registry.get(this.name)?.endPublish(this.pendingId, reason);
    this.pendingId = undefined;
  }

  private registryStream() {
    return this.context.registry.ensure(this.name);
  }

  private checkIdle(): void {
    const now = Date.now();
    const media = this.context.relay.media(this.name);
    const viewers = this.context.registry.get(this.name)?.viewers ?? 0;
    if ((media?.readerCount ?? 0) > 0 || viewers > 0) this.lastWantedAt = now;
    const idleMs = this.context.config.pull.idleMs;
    // An attempt under way (probing, waiting for the first keyframe) is left to finish.
    if (this.alwaysOn || this.phase === 'starting' || now - this.lastWantedAt <= idleMs) return;
    this.context.log.info({ stream: this.name }, `pull of ${this.name} stopped: unused for ${idleMs} ms`);
    void this.stop('idle');
  }
}

function asIngestError(error: unknown, url: string): IngestError {
  if (error instanceof IngestError) return error;
  return IngestError.sourceUnreadable(url, error instanceof Error ? error.message : String(error));
}
