import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { OUTPUT_WAIT_MS } from '../ingest/pull-manager';
import { pullRequestOf } from '../ingest/pull-request';
import { EdgePull, type EdgePullContext } from './edge-pull';

/** An origin pull as `/api/sessions`-style diagnostics and metrics see it. */
export interface EdgePullInfo {
  stream: string;
  /** The origin serving it now; undefined while connecting or failing over. */
  origin: string | undefined;
  failovers: number;
}

/**
 * After no origin had a stream, requests for it are answered 404 for this long without asking the
 * origins again: a player polling a stream that is not there costs the origins one WHEP POST a
 * second, not one per request.
 */
export const NOT_FOUND_TTL_MS = 1000;
/** Names remembered as not found, at most (a flood of random names cannot grow it further). */
const MAX_NOT_FOUND = 10_000;

export interface EdgeManagerContext extends Omit<EdgePullContext, 'onFailover' | 'onFinished'> {
  /** Streams this relay gets elsewhere (`source: {url}` in the config): never pulled from an origin. */
  hasLocalSource: (name: string) => boolean;
}

/**
 * The edge side of origin/edge: one `EdgePull` per stream name in use, created by the first request
 * for a stream that is not live here (no local WHIP publisher, no configured source). Counts the
 * failovers for `/metrics`.
 */
export class EdgeManager {
  private readonly pulls = new Map<string, EdgePull>();
  private readonly waiters = new Set<() => void>();
  /** Stream names no origin had, with when that was learnt. */
  private readonly notFound = new Map<string, number>();
  private _failovers = 0;
  private disposed: Promise<void> | undefined;

  constructor(private readonly context: EdgeManagerContext) {}

  /** The pull of `name` while it runs (tests, diagnostics). */
  get(name: string): EdgePull | undefined {
    return this.pulls.get(name);
  }

  /** Failovers since start, all streams. */
  get failovers(): number {
    return this._failovers;
  }

  /** Pulls running now (connecting, attached or failing over). */
  list(): EdgePullInfo[] {
    return [...this.pulls.values()]
      .filter((pull) => pull.running)
      .map((pull) => ({ stream: pull.name, origin: pull.origin, failovers: pull.failovers }));
  }

  /**
   * Whether a request for `name` should go to an origin: not for a configured source, nor for a
   * stream a local publisher feeds (starting or live); yes when this edge already pulls it.
   */
  handles(name: string): boolean {
    if (this.disposed || this.context.hasLocalSource(name)) return false;
    const stream = this.context.registry.get(name);
    const pull = this.pulls.get(name);
    if (pull?.running) return true;
    return (
      !stream ||
      (stream.state !== 'live' && stream.state !== 'starting') ||
      pull?.owns(stream.publisherId) === true
    );
  }

  /** Someone wants `name`: its pull starts, or is kept from idling. */
  want(name: string, now = Date.now()): void {
    if (this.disposed) return;
    const missedAt = this.notFound.get(name);
    if (missedAt !== undefined) {
      if (now - missedAt < NOT_FOUND_TTL_MS) return;
      this.notFound.delete(name);
    }
    let pull = this.pulls.get(name);
    if (!pull) {
      pull = new EdgePull(name, {
        ...this.context,
        onFailover: () => this._failovers++,
        // Forgotten once over, so names requested once (or never found) hold nothing.
        onFinished: (finished) => {
          if (this.pulls.get(name) !== finished || finished.running) return;
          this.pulls.delete(name);
          if (finished.notFound && !this.disposed) this.rememberNotFound(name);
        },
      });
      this.pulls.set(name, pull);
    }
    pull.want();
  }

  private rememberNotFound(name: string): void {
    if (this.notFound.size >= MAX_NOT_FOUND) {
      const oldest = this.notFound.keys().next().value;
      if (oldest !== undefined) this.notFound.delete(oldest);
    }
    this.notFound.set(name, Date.now());
  }

  /** Resolves when `name` is live, its pull gave up, or after `timeoutMs`, whichever is first. */
  whenLive(name: string, timeoutMs: number): Promise<void> {
    const { registry } = this.context;
    const settled = () => registry.get(name)?.state === 'live' || !this.pulls.get(name)?.running;
    if (this.disposed || settled()) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        clearInterval(poll);
        off();
        this.waiters.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, timeoutMs);
      // A pull that gives up changes no stream state (the stream never existed here): poll for it.
      const poll = setInterval(() => {
        if (settled()) finish();
      }, 50);
      const off = registry.events.on('state', (stream) => {
        if (stream.name === name && stream.state === 'live') finish();
      });
      this.waiters.add(finish);
    });
  }

  /** Lets go of every origin (their sessions are DELETEd) and waits for the pulls to end. */
  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      for (const finish of [...this.waiters]) finish();
      this.notFound.clear();
      await Promise.all([...this.pulls.values()].map((pull) => pull.dispose()));
      this.pulls.clear();
    })();
    return this.disposed;
  }
}

/**
 * Connects requests to origin pulls, as `registerPullHooks` does for configured sources: a request
 * for a stream's info or feed starts its pull; one for its media (WHEP, HLS, DASH, `/ws`,
 * progressive, clips) starts it and waits up to `OUTPUT_WAIT_MS` for it to go live, so a first
 * viewer is served (or told 404 `stream/offline` at once when no origin has it). WebSocket upgrades
 * start the pull without waiting. A WHIP publish is left alone: it publishes on the edge.
 */
export function registerEdgeHooks(app: FastifyInstance, edge: EdgeManager): () => void {
  app.addHook('onRequest', async (request) => {
    const wanted = pullRequestOf(request.method, request.raw.url ?? '');
    if (!wanted || wanted.kind === 'publish' || !edge.handles(wanted.name)) return;
    edge.want(wanted.name);
    if (wanted.kind === 'output') await edge.whenLive(wanted.name, OUTPUT_WAIT_MS);
  });
  const onUpgrade = (request: IncomingMessage) => {
    const wanted = pullRequestOf('GET', request.url ?? '');
    if (wanted && wanted.kind !== 'publish' && edge.handles(wanted.name)) edge.want(wanted.name);
  };
  app.server.prependListener('upgrade', onUpgrade);
  return () => app.server.off('upgrade', onUpgrade);
}
