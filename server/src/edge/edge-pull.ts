import type { MetadataTrack, StreamInfo } from '@brume/protocol';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IceConfig, ServerConfig } from '../config';
import { retryDelay } from '../ingest/retry-delay';
import type { EndReason } from '../stream/stream';
import type { StreamRegistry } from '../stream/stream-registry';
import type { Logger } from '../util/logger';
import { VideoClockReader } from '../webrtc/video-clock-reader';
import type { WebRtcRelay } from '../webrtc/webrtc-relay';
import { tryCandidates } from './origin-candidates';
import { OriginError } from './origin-error';
import { OriginMetadata } from './origin-metadata';
import { OriginPull } from './origin-pull';
import type { OriginResolver } from './origin-resolver';

/** What an edge pull works with. */
export interface EdgePullContext {
  relay: Pick<WebRtcRelay, 'ingest' | 'media'>;
  registry: StreamRegistry;
  config: Pick<ServerConfig, 'pull' | 'staleMediaMs'> & { ice: IceConfig };
  resolve: OriginResolver;
  token: string | undefined;
  /**
   * Extra headers for one origin's requests: a cluster worker proves itself to a sibling worker
   * with the cluster key (`cluster/sibling-origins.ts`).
   */
  originHeaders?: (origin: string) => Record<string, string>;
  /** A pull nobody used for this long lets go of the origin. */
  idleMs: number;
  log: Logger;
  /** Called at each failover (metrics). */
  onFailover?: (name: string, from: string) => void;
  /** Called when the pull has ended (let go, gave up, stopped), so its owner can forget it. */
  onFinished?: (pull: EdgePull) => void;
}

/** An accepted WHEP session must bring its first packet within this, or the next origin is tried. */
const FIRST_MEDIA_TIMEOUT_MS = 5000;
const IDLE_CHECK_MS = 1000;

type Round =
  /** An origin is attached and running. */
  | { kind: 'attached'; pull: OriginPull }
  /** Every candidate answered that it has no such stream. */
  | { kind: 'not-found' }
  | { kind: 'failed'; error: OriginError }
  | { kind: 'stopped' };

/**
 * Keeps one stream of an edge fed from its origins: asks the resolver for candidates, opens a WHEP
 * session at the first that has the stream (`OriginPull`) and hands it to the relay. When that
 * origin is lost it goes down the candidates again at once (failover), and after a round where none
 * answered, waits `retryDelay` (doubling) before the next. The relay replaces the lost pull with
 * the new one, so viewers on the edge keep their sessions (same codecs).
 *
 * It starts on demand (`want`) and lets go when nobody used it for `idleMs` (no media reader, no
 * WHEP viewer, no request): the origin session is DELETEd and the stream ends `idle`. When no
 * candidate has the stream, the pull ends at once: on the first round so the request waiting for
 * it answers 404; after a loss, the stream ends `stream-ended` (it ended at the origin).
 */
export class EdgePull {
  private loop: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private current: OriginPull | undefined;
  private lastWantedAt = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private clock: VideoClockReader | undefined;
  private _failovers = 0;
  private _notFound = false;
  private disposed = false;

  constructor(
    readonly name: string,
    private readonly context: EdgePullContext,
  ) {}

  /** Whether the pull is under way (connecting, attached, or failing over). */
  get running(): boolean {
    return this.loop !== undefined;
  }

  /** The origin the stream comes from now, while attached. */
  get origin(): string | undefined {
    return this.current && !this.current.connectionLost ? this.current.origin : undefined;
  }

  /** The origin WHEP session in use (tests, diagnostics). */
  get session(): OriginPull | undefined {
    return this.current;
  }

  get failovers(): number {
    return this._failovers;
  }

  /** The last run ended because no origin had the stream. */
  get notFound(): boolean {
    return this._notFound;
  }

  /** The stream's publisher is this pull's (not a local WHIP publisher). */
  owns(publisherId: string | undefined): boolean {
    return publisherId !== undefined && publisherId === this.current?.id;
  }

  /** Someone asked for the stream: keeps it from idling, and starts it if it is not running. */
  want(): void {
    this.lastWantedAt = Date.now();
    if (this.disposed || this.loop) return;
    const abort = new AbortController();
    this.abort = abort;
    this._notFound = false;
    this.idleTimer = setInterval(() => this.checkIdle(), Math.min(IDLE_CHECK_MS, this.context.idleMs));
    this.idleTimer.unref();
    this.loop = this.run(abort.signal)
      .catch((error: unknown) =>
        this.context.log.error({ err: error, stream: this.name }, 'edge pull failed'),
      )
      .finally(() => {
        clearInterval(this.idleTimer);
        this.idleTimer = undefined;
        this.loop = undefined;
        this.abort = undefined;
        this.clock?.dispose();
        this.clock = undefined;
        this.context.onFinished?.(this);
      });
  }

  /** Lets go of the origin; the stream ends with `reason`. */
  async stop(reason: EndReason): Promise<void> {
    const loop = this.loop;
    this.abort?.abort();
    this.current?.close(reason);
    this.current = undefined;
    this.clock?.dispose();
    this.clock = undefined;
    await loop;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.stop('shutdown');
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { log, config } = this.context;
    let failedRounds = 0;
    let everAttached = false;
    let lost: string | undefined;
    while (!signal.aborted) {
      const round = await this.round(signal, lost);
      if (round.kind === 'stopped' || signal.aborted) return;
      if (round.kind === 'attached') {
        everAttached = true;
        failedRounds = 0;
        const error = await lostOrClosed(round.pull);
        if (!error || signal.aborted) return;
        lost = round.pull.origin;
        this._failovers++;
        this.context.onFailover?.(this.name, round.pull.origin);
        log.warn(
          { stream: this.name, origin: round.pull.origin, code: error.code },
          `origin lost for ${this.name} (${error.message}); failing over`,
        );
        continue;
      }
      if (round.kind === 'not-found') {
        this._notFound = true;
        if (!everAttached) {
          log.info({ stream: this.name }, `no origin has ${this.name}; giving up`);
          return;
        }
        // The origin's publish ended (its WHEP sessions closed) and no other origin has it.
        log.info({ stream: this.name }, `${this.name} ended at its origins`);
        this.current?.close('stream-ended');
        this.current = undefined;
        return;
      }
      failedRounds++;
      const delay = retryDelay(failedRounds, config.pull.retryMinMs, config.pull.retryMaxMs);
      log.warn(
        { stream: this.name, failures: failedRounds, retryInMs: delay, code: errorCode(round) },
        `no origin could serve ${this.name}; retrying in ${(delay / 1000).toFixed(1)} s`,
      );
      await sleep(delay, undefined, { signal }).catch(() => {});
      if (!everAttached && !this.wanted()) return;
    }
  }

  /** One pass down the candidates, in the resolver's order. */
  private async round(signal: AbortSignal, lost: string | undefined): Promise<Round> {
    const { log } = this.context;
    const round = await tryCandidates(
      this.name,
      this.context.resolve,
      (origin) => (signal.aborted ? Promise.resolve(undefined) : this.attempt(origin, signal)),
      (error) =>
        log.info(
          { stream: this.name, origin: error.origin, code: error.code },
          `cannot pull ${this.name} from ${error.origin}: ${error.message}`,
        ),
      (error) => log.warn({ err: error, stream: this.name }, `origin resolver failed for ${this.name}`),
      lost,
    );
    return round.kind === 'attached' ? { kind: 'attached', pull: round.value } : round;
  }

  /** One origin: the WHEP session, its first packet, the relay. Undefined when stopped meanwhile. */
  private async attempt(origin: string, signal: AbortSignal): Promise<OriginPull | OriginError | undefined> {
    const { log, config, relay } = this.context;
    log.info({ stream: this.name, origin }, `pulling ${this.name} from ${origin}`);
    let pull: OriginPull;
    try {
      pull = await OriginPull.start({
        streamName: this.name,
        origin,
        token: this.context.token,
        headers: this.context.originHeaders?.(origin) ?? {},
        ice: config.ice,
        log,
        lostAfterMs: config.staleMediaMs,
        signal,
      });
    } catch (error) {
      if (signal.aborted) return undefined;
      if (error instanceof OriginError) return error;
      return OriginError.unreachable(origin, error instanceof Error ? error.message : String(error), error);
    }
    const metadata = new OriginMetadata(
      () => this.context.registry.get(this.name)?.metadata,
      () => this.clock?.latest,
      log,
    );
    pull.status.on('metadata', (text) => metadata.receive(text));
    const tracks = this.originTracks(origin);
    const flowing = await pull.whenMedia(FIRST_MEDIA_TIMEOUT_MS);
    if (signal.aborted) {
      pull.close('shutdown');
      return undefined;
    }
    if (!flowing) {
      pull.close('error');
      return OriginError.unreachable(origin, `no media within ${FIRST_MEDIA_TIMEOUT_MS} ms`);
    }
    const stream = this.context.registry.get(this.name);
    if (
      stream?.publisherId !== undefined &&
      stream.publisherId !== this.current?.id &&
      (stream.state === 'live' || stream.state === 'starting')
    ) {
      // A WHIP publisher took the stream here meanwhile: it is local now, not the origin's.
      log.info({ stream: this.name, origin }, `edge: ${this.name} is published here now; not pulling it`);
      pull.close('replaced');
      return undefined;
    }
    // The lost pull (if any) is replaced here: the relay keeps its viewers for the new one.
    this.current = pull;
    relay.ingest(this.name, pull);
    pull.release();
    this.clock?.dispose();
    this.clock = new VideoClockReader();
    this.clock.attach(relay.media(this.name));
    this.declareTracks(await tracks);
    // A slow start is no idleness: the idle clock runs from the moment there is something to use.
    this.lastWantedAt = Date.now();
    log.info(
      { stream: this.name, origin, session: pull.id, resource: pull.resource },
      `edge: ${this.name} comes from ${origin}`,
    );
    return pull;
  }

  /**
   * The origin's metadata tracks (kind, language, label) from its stream info, best effort: without
   * them a track is created as json by its first event.
   */
  private async originTracks(origin: string): Promise<MetadataTrack[]> {
    try {
      const token = this.context.token;
      const response = await fetch(`${origin}/api/streams/${encodeURIComponent(this.name)}`, {
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...this.context.originHeaders?.(origin),
        },
        signal: AbortSignal.timeout(FIRST_MEDIA_TIMEOUT_MS),
      });
      if (!response.ok) return [];
      const info = (await response.json()) as Partial<StreamInfo>;
      return (info.tracks ?? []).flatMap((track): MetadataTrack[] =>
        (track.kind === 'meta' || track.kind === 'subtitle') && track.name
          ? [
              {
                name: track.name,
                kind: track.kind === 'subtitle' ? 'subtitle' : 'json',
                ...(track.lang === undefined ? {} : { lang: track.lang }),
                ...(track.label === undefined ? {} : { label: track.label }),
              },
            ]
          : [],
      );
    } catch {
      return [];
    }
  }

  private declareTracks(tracks: readonly MetadataTrack[]): void {
    const store = this.context.registry.get(this.name)?.metadata;
    for (const track of tracks) {
      try {
        store?.declare(track);
      } catch (error) {
        this.context.log.debug({ err: error, track: track.name }, 'edge: origin track not declared');
      }
    }
  }

  private wanted(now = Date.now()): boolean {
    const media = this.context.relay.media(this.name);
    const viewers = this.context.registry.get(this.name)?.viewers ?? 0;
    // The edge's own clock reader is one of the media's readers.
    const readers = (media?.readerCount ?? 0) - (this.clock ? 1 : 0);
    if (readers > 0 || viewers > 0) this.lastWantedAt = now;
    return now - this.lastWantedAt <= this.context.idleMs;
  }

  private checkIdle(): void {
    if (!this.current || this.wanted()) return;
    this.context.log.info(
      { stream: this.name, origin: this.current.origin },
      `edge: releasing ${this.name} from ${this.current.origin}: unused for ${this.context.idleMs} ms`,
    );
    void this.stop('idle');
  }
}

function lostOrClosed(pull: OriginPull): Promise<OriginError | undefined> {
  return new Promise((resolve) => {
    if (pull.closed) return resolve(undefined);
    const offLost = pull.status.on('lost', (error) => {
      offClosed();
      resolve(error);
    });
    const offClosed = pull.events.on('closed', () => {
      offLost();
      resolve(undefined);
    });
  });
}

function errorCode(round: Round): string | undefined {
  return round.kind === 'failed' ? round.error.code : undefined;
}
