import { Redis } from 'ioredis';
import type { OriginResolver } from '../edge/origin-resolver';
import type { Logger } from '../util/logger';

/** Where a stream is published: the node's base URL, as other nodes reach it. */
export interface DirectoryEntry {
  node: string;
  /** Unix ms of the holder's last heartbeat. */
  at: number;
}

export interface StreamDirectoryOptions {
  /** `redis://host:port/db` (ioredis URL syntax). */
  url: string;
  /** This node's base URL as other nodes reach it (`http://10.0.0.5:8080`). */
  node: string;
  /** Prefix of every key, so several clusters can share one Redis. Default `brume:`. */
  prefix?: string;
  /** How long an entry outlives its last heartbeat; heartbeats come every third of it. */
  ttlMs?: number;
  log: Logger;
}

const DEFAULT_TTL_MS = 15_000;

/**
 * Which node holds which stream, in Redis: one key per stream (`brume:stream:<name>` → JSON
 * {node, at}) with an expiry that this node's heartbeat pushes back while it holds the stream, and
 * one key per live node (`brume:node:<url>`). A node that dies stops beating and its entries expire
 * by themselves (no clean-up pass, no lock service); a stream's publisher that lands on another node
 * takes the entry over once it is gone. Claims are `SET NX` (one holder at a time), refreshes and
 * releases a compare-and-set script (a node never extends or deletes another's entry).
 */
export class StreamDirectory {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly held = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private disposed = false;

  constructor(private readonly options: StreamDirectoryOptions) {
    this.prefix = options.prefix ?? 'brume:';
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.redis = new Redis(options.url, {
      // Commands fail fast while Redis is away (a viewer request must not hang on it); the
      // connection itself keeps retrying in the background.
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: false,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    let lastError = '';
    this.redis.on('error', (error: Error) => {
      // ioredis repeats the error on every reconnect attempt: log a change, not each retry.
      if (error.message === lastError) return;
      lastError = error.message;
      options.log.warn({ err: error }, `stream directory: Redis ${options.url} unavailable`);
    });
    this.redis.on('ready', () => {
      lastError = '';
      options.log.info(`stream directory: Redis ${options.url} connected, node ${options.node}`);
      // Back after an outage: put what this node holds back at once.
      void this.beat();
    });
    this.timer = setInterval(() => void this.beat(), Math.max(100, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  /** This node's base URL. */
  get node(): string {
    return this.options.node;
  }

  /** Resolves once Redis answers (tests, startup checks). */
  async ready(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const onReady = () => {
        this.redis.off('end', onEnd);
        resolve();
      };
      const onEnd = () => {
        this.redis.off('ready', onReady);
        reject(new Error('Redis connection ended'));
      };
      this.redis.once('ready', onReady);
      this.redis.once('end', onEnd);
    });
  }

  /**
   * Registers this node as the holder of `stream`. False when another node holds it (its entry
   * has not expired); true when this node holds it now (or already did). Throws when Redis cannot
   * be asked — the caller decides whether to go on without the directory.
   */
  async claim(stream: string): Promise<boolean> {
    const key = this.streamKey(stream);
    const value = this.entryValue();
    const set = await this.redis.set(key, value, 'PX', this.ttlMs, 'NX');
    if (set === 'OK' || (await this.refresh(stream))) {
      this.held.add(stream);
      return true;
    }
    return false;
  }

  /** This node no longer holds `stream` (its publish ended): the entry goes, if it is still ours. */
  async release(stream: string): Promise<void> {
    this.held.delete(stream);
    await this.redis.eval(RELEASE, 1, this.streamKey(stream), this.options.node).catch((error: unknown) => {
      this.options.log.warn({ err: error, stream }, `stream directory: could not release ${stream}`);
    });
  }

  /** The node holding `stream`, undefined when none does (or Redis cannot be asked). */
  async lookup(stream: string): Promise<DirectoryEntry | undefined> {
    try {
      const text = await this.redis.get(this.streamKey(stream));
      return text ? parseEntry(text) : undefined;
    } catch (error) {
      this.options.log.debug({ err: error, stream }, 'stream directory: lookup failed');
      return undefined;
    }
  }

  /** Nodes that beat within the TTL (diagnostics, the dashboard). */
  async nodes(): Promise<string[]> {
    const keys: string[] = [];
    // SCAN, not KEYS: a Redis shared with other work is never blocked by a listing.
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}node:*`, 'COUNT', 100);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    return keys.map((key) => key.slice(`${this.prefix}node:`.length)).sort();
  }

  /** Streams this node holds. */
  get streams(): readonly string[] {
    return [...this.held];
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.timer);
    const streams = [...this.held];
    if (this.redis.status === 'ready') {
      await Promise.all(streams.map((stream) => this.release(stream)));
      await this.redis.del(this.nodeKey()).catch(() => {});
      await this.redis.quit().catch(() => {});
    }
    this.redis.disconnect();
  }

  /** Pushes back the expiry of this node and of every stream it holds; re-claims a lost one. */
  private async beat(): Promise<void> {
    if (this.disposed || this.redis.status !== 'ready') return;
    try {
      await this.redis.set(this.nodeKey(), String(Date.now()), 'PX', this.ttlMs);
      for (const stream of this.held) {
        if (await this.refresh(stream)) continue;
        // Expired during an outage: take it back unless another node has it now.
        const set = await this.redis.set(this.streamKey(stream), this.entryValue(), 'PX', this.ttlMs, 'NX');
        if (set !== 'OK') {
          this.held.delete(stream);
          this.options.log.warn({ stream }, `stream directory: ${stream} is now held by another node`);
        }
      }
    } catch (error) {
      this.options.log.debug({ err: error }, 'stream directory: heartbeat failed');
    }
  }

  private async refresh(stream: string): Promise<boolean> {
    const result = await this.redis.eval(
      REFRESH,
      1,
      this.streamKey(stream),
      this.options.node,
      this.entryValue(),
      String(this.ttlMs),
    );
    return result === 1;
  }

  private entryValue(): string {
    return JSON.stringify({ node: this.options.node, at: Date.now() } satisfies DirectoryEntry);
  }

  private streamKey(stream: string): string {
    return `${this.prefix}stream:${stream}`;
  }

  private nodeKey(): string {
    return `${this.prefix}node:${this.options.node}`;
  }
}

/** Sets KEYS[1] to ARGV[2] for ARGV[3] ms if it is held by node ARGV[1]; 1 if it was. */
const REFRESH = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local ok, entry = pcall(cjson.decode, current)
if ok and entry.node == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', tonumber(ARGV[3]))
  return 1
end
return 0`;

/** Deletes KEYS[1] if it is held by node ARGV[1]. */
const RELEASE = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local ok, entry = pcall(cjson.decode, current)
if ok and entry.node == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

function parseEntry(text: string): DirectoryEntry | undefined {
  try {
    const value = JSON.parse(text) as Partial<DirectoryEntry>;
    return typeof value.node === 'string' && typeof value.at === 'number'
      ? { node: value.node, at: value.at }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The directory as an edge's origins: the node holding a stream, unless that is this node. */
export function directoryOrigins(directory: StreamDirectory): OriginResolver {
  return async (name) => {
    const entry = await directory.lookup(name);
    return entry && entry.node !== directory.node ? [entry.node] : [];
  };
}
