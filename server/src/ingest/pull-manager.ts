import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { ErrorCodes } from '@brume/protocol';
import type { ServerConfig } from '../config';
import type { ConfigStore } from '../config-file/config-store';
import type { StreamSettings } from '../config-file/stream-settings';
import { BrumeError } from '../util/brume-error';
import { HlsPull, type HlsPullContext } from './hls-pull';
import { FILE_INPUT } from './pull-command';
import { pullRequestOf } from './pull-request';

/** An output request for a pulled stream that is not live yet waits this long for it. */
export const OUTPUT_WAIT_MS = 10_000;

export interface PullManagerContext extends HlsPullContext {
  configStore: Pick<ConfigStore, 'settingsFor' | 'document' | 'events'>;
  config: HlsPullContext['config'] & Pick<ServerConfig, 'recording'>;
}

/**
 * Every stream whose config says `source: {url}`: one `HlsPull` per stream name in use (a wildcard
 * `news+eu` pulls the URL of `news`), created by the first request that wants it. Configured
 * streams are listed (offline) from the start; recorded ones are pulled from the start and never
 * idle. The config is read at request time, and a change that drops or changes a stream's URL
 * stops its pull (the next request starts the new one).
 */
export class PullManager {
  private readonly pulls = new Map<string, HlsPull>();
  private readonly waiters = new Set<() => void>();
  private readonly offConfig: () => void;
  private disposed: Promise<void> | undefined;

  constructor(private readonly context: PullManagerContext) {
    this.offConfig = context.configStore.events.on('change', () => this.followConfig());
    this.followConfig();
  }

  /** The pull of `name`, if one was created (tests, diagnostics). */
  get(name: string): HlsPull | undefined {
    return this.pulls.get(name);
  }

  /** ffmpeg processes running now. */
  get processIds(): number[] {
    return [...this.pulls.values()].flatMap((pull) => (pull.pid === undefined ? [] : [pull.pid]));
  }

  /**
   * What ffmpeg reads for `name`: its HLS URL, or `file:<absolute path>` for a file source (played
   * out in real time like a VoD playlist); undefined for a WHIP stream.
   */
  sourceOf(name: string): string | undefined {
    const source = this.context.configStore.settingsFor(name)?.source;
    if (source?.kind === 'hls') return source.url;
    // ffmpeg's `file:` takes the path as it is (no percent-decoding).
    if (source?.kind === 'file') return `${FILE_INPUT}${source.path}`;
    return undefined;
  }

  /** Someone wants `name`: its pull starts (if it is a pulled stream) or is kept from idling. */
  want(name: string): void {
    if (this.disposed) return;
    const url = this.sourceOf(name);
    if (url === undefined) return;
    this.pullOf(name, url).want();
  }

  /** Resolves when `name` is live, ends, or after `timeoutMs`, whichever is first. */
  whenLive(name: string, timeoutMs: number): Promise<void> {
    const { registry } = this.context;
    const settled = () => {
      const state = registry.get(name)?.state;
      return state === 'live' || !this.pulls.get(name)?.running;
    };
    if (this.disposed || settled()) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        off();
        this.waiters.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, timeoutMs);
      const off = registry.events.on('state', (stream) => {
        if (stream.name === name && (stream.state === 'live' || stream.state === 'ended')) finish();
      });
      this.waiters.add(finish);
    });
  }

  /** Stops every pull and waits for their ffmpeg processes to exit. */
  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      this.offConfig();
      for (const finish of [...this.waiters]) finish();
      await Promise.all([...this.pulls.values()].map((pull) => pull.dispose()));
      this.pulls.clear();
    })();
    return this.disposed;
  }

  private pullOf(name: string, url: string): HlsPull {
    let pull = this.pulls.get(name);
    if (!pull) {
      pull = new HlsPull(name, url, this.alwaysOn(name), this.context);
      this.pulls.set(name, pull);
    }
    return pull;
  }

  /** Recorded streams are pulled all the time, so the recording has no holes. */
  private alwaysOn(name: string): boolean {
    const settings: StreamSettings | undefined = this.context.configStore.settingsFor(name);
    const recorded = this.context.config.recording.streams;
    const base = name.split('+')[0] ?? name;
    return Boolean(
      settings?.recording.enabled || recorded === 'all' || recorded.includes(name) || recorded.includes(base),
    );
  }

  private followConfig(): void {
    if (this.disposed) return;
    for (const [name, pull] of [...this.pulls]) {
      if (this.sourceOf(name) === pull.url && pull.alwaysOn === this.alwaysOn(name)) continue;
      this.pulls.delete(name);
      const wasRunning = pull.running;
      void pull.stop('stream-ended').then(() => {
        // A stream that was playing goes on from its new source.
        if (wasRunning) this.want(name);
      });
    }
    for (const name of Object.keys(this.context.configStore.document.streams ?? {})) {
      const url = this.sourceOf(name);
      if (url === undefined) continue;
      this.context.registry.ensure(name);
      if (this.alwaysOn(name)) this.want(name);
    }
  }
}

/**
 * Connects requests to pulls: a request for a pulled stream's info or feed starts its pull; one for
 * its media (WHEP, HLS, DASH, `/ws`, progressive, clips) starts it too and waits up to
 * `OUTPUT_WAIT_MS` for it to go live, so a first viewer is served rather than told it is offline;
 * a WHIP publish to it is refused (409). WebSocket upgrades start the pull without waiting (the
 * endpoints answer them at once).
 */
export function registerPullHooks(app: FastifyInstance, pulls: PullManager): () => void {
  app.addHook('onRequest', async (request) => {
    const wanted = pullRequestOf(request.method, request.raw.url ?? '');
    if (!wanted) return;
    const url = pulls.sourceOf(wanted.name);
    if (url === undefined) return;
    if (wanted.kind === 'publish') {
      throw new BrumeError(
        ErrorCodes.streamBusy,
        `stream ${wanted.name} is pulled from ${url}; it takes no WHIP publisher (change its source in the config)`,
      );
    }
    pulls.want(wanted.name);
    if (wanted.kind === 'output') await pulls.whenLive(wanted.name, OUTPUT_WAIT_MS);
  });
  const onUpgrade = (request: IncomingMessage) => {
    const wanted = pullRequestOf('GET', request.url ?? '');
    if (wanted) pulls.want(wanted.name);
  };
  app.server.prependListener('upgrade', onUpgrade);
  return () => app.server.off('upgrade', onUpgrade);
}
