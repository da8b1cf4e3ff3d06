import { ArrivalSpread } from './arrival-spread';
import { PictureGaps } from './picture-gaps';
import { Samples } from './samples';

export type LoadProtocol = 'whep' | 'ws' | 'hls' | 'dash';

/** Request kinds timed by the HTTP clients (LL-HLS: blocking playlist, part, init; LL-DASH: …). */
export type RequestKind = 'playlist' | 'part' | 'init' | 'mpd' | 'segment-first-byte' | 'segment';

/** What one client saw. Plain counters: a swarm holds thousands of these. */
export class ClientStats {
  connected = false;
  failed = false;
  /** The stream said it ended (HLS ENDLIST, static MPD, `/ws` `end`). */
  ended = false;
  startedAtMs: number | undefined;
  stoppedAtMs: number | undefined;
  firstFrameAtMs: number | undefined;
  lastFrameAtMs: number | undefined;
  bytes = 0;
  readonly pictures = new PictureGaps();
  /** RTP packets lost and not repaired (WHEP). */
  lostPackets = 0;
  /** Breaks in the part/segment chain: the client had to skip ahead (LL-HLS, LL-DASH). */
  skipped = 0;
  readonly errors = new Map<string, number>();

  error(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  /** Pictures per second between the first and the last one received. */
  framesPerSecond(): number | undefined {
    const { firstFrameAtMs: first, lastFrameAtMs: last } = this;
    if (first === undefined || last === undefined || last - first < 500) return undefined;
    return (this.pictures.pictures - 1) / ((last - first) / 1000);
  }
}

/** What the clients of one protocol share: the swarm-wide distributions. */
export class ProtocolStats {
  readonly clients: ClientStats[] = [];
  /** Receive time minus the SEI capture timecode, per picture, ms. */
  readonly latency = new Samples();
  /** Start of the client to its first picture, ms. */
  readonly timeToFirstFrame = new Samples();
  readonly requests = new Map<RequestKind, Samples>();
  /** LL-HLS parts / LL-DASH chunks: arrival minus the swarm's earliest arrival of the same one. */
  readonly arrival = new ArrivalSpread();

  constructor(readonly protocol: LoadProtocol) {}

  client(): ClientStats {
    const stats = new ClientStats();
    this.clients.push(stats);
    return stats;
  }

  request(kind: RequestKind, ms: number): void {
    let samples = this.requests.get(kind);
    if (!samples) this.requests.set(kind, (samples = new Samples()));
    samples.add(ms);
  }

  /** One picture at `nowMs` for `client`; `timecodeMicros` from its SEI, if it had one. */
  picture(client: ClientStats, nowMs: number, timecodeMicros: number | undefined): void {
    if (client.firstFrameAtMs === undefined) {
      client.firstFrameAtMs = nowMs;
      if (client.startedAtMs !== undefined) this.timeToFirstFrame.add(nowMs - client.startedAtMs);
    }
    client.lastFrameAtMs = nowMs;
    if (timecodeMicros !== undefined) this.latency.add(nowMs - timecodeMicros / 1000);
  }
}

/** The code an HTTP error is counted under: `404 stream/not-found`, or the status alone. */
export async function httpErrorCode(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown } };
    if (typeof body.error?.code === 'string') return `${response.status} ${body.error.code}`;
  } catch {
    // Not our JSON error body.
  }
  return String(response.status);
}

/** The code a thrown fetch/socket error is counted under (`ECONNREFUSED`, `timeout`, …). */
export function thrownErrorCode(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timeout';
    const cause = (error as { cause?: { code?: unknown } }).cause;
    if (typeof cause?.code === 'string') return cause.code;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    return error.name;
  }
  return 'unknown';
}

/** A client of the swarm: `run` plays until `signal` aborts or the stream ends; it never throws. */
export interface LoadClient {
  readonly stats: ClientStats;
  run(signal: AbortSignal): Promise<void>;
}

export interface LoadTarget {
  /** The relay's base URL (`http://127.0.0.1:8080`). */
  base: URL;
  stream: string;
  /** Viewer token, sent as `?token=`. */
  token?: string;
}

/** `base` + `path`, with the viewer token if there is one. */
export function targetUrl(target: LoadTarget, path: string): URL {
  const url = new URL(path, target.base);
  if (target.token) url.searchParams.set('token', target.token);
  return url;
}

/** Resolves `uri` against `from`, carrying the token over if the server's URI lacks it. */
export function resolveWithToken(uri: string, from: URL, token: string | undefined): URL {
  const url = new URL(uri, from);
  if (token && !url.searchParams.has('token')) url.searchParams.set('token', token);
  return url;
}

/** Sleeps `ms`, or less if `signal` aborts (resolves either way). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
