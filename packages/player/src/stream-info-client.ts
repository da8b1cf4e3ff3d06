import { isErrorBody, type StreamFeedMessage, type StreamInfo } from '@brume/protocol';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './backoff';
import { Emitter } from '@brume/protocol';
import { PlayerError } from './player-error';
import { withViewerToken } from './viewer-token';

/** The part of `EventSource` the client uses, so tests can hand in a fake. */
export interface FeedSocket {
  addEventListener(type: 'open' | 'error', listener: (event: Event) => void): void;
  addEventListener(type: 'info', listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export interface StreamInfoClientOptions {
  /** Origin of the Brume server, e.g. `http://localhost:8080`. */
  server: string;
  stream: string;
  /** A viewer token, sent as `?token=` so the sources listed come back carrying it. */
  token?: string | undefined;
  fetch?: typeof fetch;
  openFeed?: (url: string) => FeedSocket;
  backoff?: BackoffPolicy;
  random?: () => number;
}

export interface StreamInfoEvents {
  /** A stream info document, from the first GET, a refresh, or the feed. */
  info: { info: StreamInfo };
  /** The feed connected or dropped; `failures` counts drops since it last connected. */
  connection: { connected: boolean; failures: number };
  /** The server could not be reached (the client keeps retrying). */
  error: { error: PlayerError; failures: number };
}

/** What the player core needs from a stream-info source (the seam unit tests fake). */
export interface StreamInfoSource {
  start(): void;
  /** Re-reads the info now (e.g. when a media connection dropped, to learn whether the stream ended). */
  refresh(): void;
  on<K extends keyof StreamInfoEvents>(type: K, listener: (payload: StreamInfoEvents[K]) => void): () => void;
  dispose(): void;
}

/** Drops after this many failures in a row are reported as an unreachable server. */
const REPORT_AFTER_FAILURES = 3;

function isFeedMessage(value: unknown): value is StreamFeedMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { type, info } = value as { type?: unknown; info?: unknown };
  return type === 'info' && isStreamInfo(info);
}

function isStreamInfo(value: unknown): value is StreamInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<StreamInfo>;
  return (
    typeof v.name === 'string' &&
    typeof v.state === 'string' &&
    Array.isArray(v.sources) &&
    Array.isArray(v.tracks)
  );
}

/**
 * Follows one stream's info: `GET /api/streams/:name` for a fast first answer, then the Server-Sent
 * Events feed `/api/streams/:name/events`, which sends the info on connect and on every change. The
 * feed is reopened with backoff when it drops (rather than leaving it to the browser's fixed 3 s
 * retry), and the server resends the full info on reconnect, so nothing is missed.
 */
export class StreamInfoClient implements StreamInfoSource {
  private readonly events = new Emitter<StreamInfoEvents>((error) => console.error(error));
  private readonly fetchFn: typeof fetch;
  private readonly openFeed: (url: string) => FeedSocket;
  private socket: FeedSocket | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  /** Bumped by every feed message: a GET that started before one is older than it and is dropped. */
  private feedSeq = 0;
  private readonly abort = new AbortController();
  private disposed = false;
  private started = false;

  constructor(private readonly options: StreamInfoClientOptions) {
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.openFeed = options.openFeed ?? ((url) => new EventSource(url));
  }

  get infoUrl(): string {
    return withViewerToken(`${this.options.server}/api/streams/${this.options.stream}`, this.options.token);
  }

  get feedUrl(): string {
    return withViewerToken(
      `${this.options.server}/api/streams/${this.options.stream}/events`,
      this.options.token,
    );
  }

  on<K extends keyof StreamInfoEvents>(
    type: K,
    listener: (payload: StreamInfoEvents[K]) => void,
  ): () => void {
    return this.events.on(type, listener);
  }

  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    // The feed opens after the GET settles, so the two never race for the first answer.
    void this.fetchInfo().finally(() => this.connect());
  }

  refresh(): void {
    if (this.disposed) return;
    void this.fetchInfo();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort.abort();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.socket?.close();
    this.socket = undefined;
    this.events.clear();
  }

  private async fetchInfo(): Promise<void> {
    const seq = this.feedSeq;
    try {
      const response = await this.fetchFn(this.infoUrl, {
        headers: { Accept: 'application/json' },
        signal: this.abort.signal,
      });
      const body: unknown = await response.json().catch(() => undefined);
      if (this.disposed || seq !== this.feedSeq) return;
      if (response.ok && isStreamInfo(body)) {
        this.events.emit('info', { info: body });
      } else {
        const detail = isErrorBody(body) ? body.error.message : `HTTP ${response.status}`;
        this.events.emit('error', {
          error: PlayerError.serverUnreachable(this.options.server, new Error(detail)),
          failures: this.failures,
        });
      }
    } catch (error) {
      if (this.disposed) return;
      this.events.emit('error', {
        error: PlayerError.serverUnreachable(this.options.server, error),
        failures: this.failures,
      });
    }
  }

  private connect(): void {
    if (this.disposed) return;
    this.reconnectTimer = undefined;
    let socket: FeedSocket;
    try {
      socket = this.openFeed(this.feedUrl);
    } catch (error) {
      this.dropped(error);
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return;
      this.failures = 0;
      this.events.emit('connection', { connected: true, failures: 0 });
    });
    socket.addEventListener('info', (event) => {
      if (this.socket !== socket) return;
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return; // A malformed message is the server's bug; the next one carries the full state again.
      }
      if (!isFeedMessage(message) || message.info.name !== this.options.stream) return;
      this.feedSeq++;
      this.events.emit('info', { info: message.info });
    });
    socket.addEventListener('error', () => {
      if (this.socket !== socket) return;
      socket.close();
      this.socket = undefined;
      this.dropped(undefined);
    });
  }

  private dropped(cause: unknown): void {
    if (this.disposed) return;
    const delay = backoffDelay(this.failures, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
    this.failures++;
    this.events.emit('connection', { connected: false, failures: this.failures });
    if (this.failures >= REPORT_AFTER_FAILURES) {
      this.events.emit('error', {
        error: PlayerError.serverUnreachable(this.options.server, cause),
        failures: this.failures,
      });
    }
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }
}
