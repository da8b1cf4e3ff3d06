import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { prettyLogStream } from './util/log-format';
import { DEFAULT_WEBHOOKS_CONFIG, type WebhooksConfig } from './webhooks/webhook-config';

/** An ICE server handed to WHIP/WHEP clients in `Link` headers (RFC 9725 §4.6). */
export interface IceServerConfig {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface IceConfig {
  /**
   * When set, the server gathers host candidates only on these addresses and pairs only with remote
   * candidates on loopback or on these addresses. Tests and e2e set `['127.0.0.1']` so no packet ever
   * leaves the machine. Unset: werift gathers on every interface (no STUN).
   */
  hostAddresses?: string[];
}

/** Recording to fragmented MP4 files (`recording/`). */
export interface RecordingConfig {
  /** Where files go: `<dir>/<name>/<name>-<start>.mp4`; relative to the working directory. */
  dir: string;
  /** Streams recorded whenever they are live (`live` covers `live+alice`), or `'all'`; `[]`: on request only. */
  streams: string[] | 'all';
  /** A new file starts at the first keyframe this many ms after the current one's start. */
  segmentMs: number;
}

/**
 * What one client or the whole server may use; over a limit the server answers 503 (capacity) or
 * 429 (rate) with `Retry-After`, and a WebSocket is closed with 1008 (rate) or 1009 (size).
 * The metadata event rate is `metadataRatePerSecond` / `metadataRateBurst`.
 */
export interface LimitsConfig {
  /** WHIP/WHEP offers and trickle-ICE fragments, bytes (413 above). */
  sdpBodyBytes: number;
  /** Metadata POST/PUT bodies and metadata WebSocket messages, bytes. */
  metadataBodyBytes: number;
  /** Every other request body (JSON), bytes. */
  jsonBodyBytes: number;
  /** Control messages of `/ws/:name` and of the feed `/api/streams/:name/ws`, bytes (close 1009 above). */
  wsMessageBytes: number;
  /** Control messages one such socket may send per second (close 1008 above)... */
  wsMessagesPerSecond: number;
  /** ...and in a burst. */
  wsMessageBurst: number;
  /** Live publishers (WHIP sessions) on the server. */
  publishers: number;
  /** Viewers (WHEP, `/ws/:name`, progressive `.mp4`/`.ts`) of one stream... */
  viewersPerStream: number;
  /** ...and of all streams together. HLS/DASH requests are not sessions and are not counted. */
  viewersTotal: number;
  /** LL-HLS playlist requests held open at once (blocking reload, waiting for the first segment). */
  blockingPlaylistRequests: number;
}

/** Streams pulled from an HLS source (`streams.X.source.url` in the config file; `ingest/`). */
export interface PullConfig {
  /** The ffmpeg and ffprobe binaries (a name on `PATH` or a path). */
  ffmpegPath: string;
  ffprobePath: string;
  /** A pull nobody watched (no reader, no viewer, no request) for this long stops. */
  idleMs: number;
  /** Retries after a failure wait from `retryMinMs`, doubling, up to `retryMaxMs`. */
  retryMinMs: number;
  retryMaxMs: number;
}

/**
 * Origin/edge: with `urls` set this relay is an edge that pulls a stream it does not have from its
 * origins over WHEP on the first request (`edge/`). Read at start.
 */
export interface OriginConfig {
  /** Origin base URLs (`http://origin:8080`), tried in this order; empty: not an edge. */
  urls: string[];
  /** Sent as `Authorization: Bearer` to the origins (a viewer token for their protected streams). */
  token?: string;
  /** A pulled stream nobody used for this long is released at the origin. */
  idleMs: number;
}

/** What `server.close()` (SIGTERM, SIGINT) waits for; see `shutdown/graceful-shutdown.ts`. */
/** The stream directory in Redis (`directory/`): which node of a multi-node deployment holds which stream. */
export interface DirectoryConfig {
  /** `redis://host:port/db`. */
  redisUrl: string;
  /** This node's base URL as other nodes reach it; default `publicUrl`, else `http://<host>:<port>`. */
  nodeUrl?: string;
  /** An entry outlives its holder's last heartbeat this long (default 15000). */
  ttlMs?: number;
}

export interface ShutdownConfig {
  /** After publishes end, HLS/DASH stay readable this long so players fetch `EXT-X-ENDLIST`. */
  drainMs: number;
  /** The most the whole drain (recordings finishing included) may take before sockets are cut. */
  timeoutMs: number;
}

export interface ServerConfig {
  port: number;
  host: string;
  /** ICE servers advertised to clients; the server itself gathers host candidates only. */
  iceServers: IceServerConfig[];
  ice: IceConfig;
  /** Repository root holding `dist/` and `public/`. */
  staticRoot: string;
  /** Absolute base URL for source URLs (`https://cdn.example`); default: built from the request's Host. */
  publicUrl?: string;
  /** Pino level (`info`, `debug`, `silent`, ...). */
  logLevel: string;
  /** Where log lines go (default: JSON lines on stdout; `main.ts` formats them for terminals). */
  logStream?: { write(line: string): void };
  /** How long a publisher may send no media before its stream ends. */
  mediaTimeoutMs: number;
  /** A live publisher silent this long may be replaced by a new one under the same name. */
  staleMediaMs: number;
  /**
   * A YAML or JSON config file (`server/config.schema.json`): read at start, watched and reloaded
   * while running, written back by `server.configStore.update()`. Options given beside it win over it.
   */
  configFile?: string;
  /** Minimum gap between keyframe requests sent to one publisher. */
  keyframeIntervalMs: number;
  /** SSE heartbeat period. */
  heartbeatMs: number;
  /**
   * The most a publisher is told it may send, bits per second (RTCP REMB every second). Chromium
   * takes it as its starting estimate, so it is also how fast a publisher reaches full quality.
   */
  maxIngestBitrate: number;
  /** How much of a live stream stays seekable (and listed in HLS/DASH), in ms. */
  dvrWindowMs: number;
  /**
   * The relay asks an H.264 publisher for a keyframe just before every boundary of this many ms of
   * stream time (0: never). WebRTC encoders send keyframes only when asked; on this grid every
   * LL-HLS/LL-DASH segment starts on one, and a new reader or a DVR seek starts at most this far back.
   */
  keyframeCadenceMs: number;
  /** An HLS/DASH packager no request touched for this long stops. */
  packagerIdleMs: number;
  /**
   * Port of the metadata TCP line protocol (one JSON event per line), on `host`; 0: off. Off by
   * default for embedders and tests; `main.ts` (npm start) opens 8082.
   */
  metadataTcpPort: number;
  /** Metadata events one connection (HTTP keep-alive, WebSocket, TCP) may send per second... */
  metadataRatePerSecond: number;
  /** ...and in a burst. */
  metadataRateBurst: number;
  /** An LL-HLS/LL-DASH client counts as a viewer this long after its last request (sessions, metrics). */
  httpViewerWindowMs: number;
  /** The longest clip `/clip/:name.{mp4,ts,mkv}` cuts, in ms (413 `clip/too-long` past it). */
  maxClipMs: number;
  recording: RecordingConfig;
  pull: PullConfig;
  origin: OriginConfig;
  limits: LimitsConfig;
  shutdown: ShutdownConfig;
  /** Delivery of notification webhooks (`triggers` in the config file): retries, queue bound. */
  webhooks: WebhooksConfig;
  /** Multi-node: the Redis stream directory. Unset: one node, as without Redis. */
  directory?: DirectoryConfig;
  /**
   * This node's base URL when `directory.nodeUrl` does not say (a cluster's workers get the front's
   * address here, since they listen on ports of their own).
   */
  nodeUrl?: string;
}

/** The repository root, two levels up from `server/src`. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const defaultConfig: ServerConfig = {
  port: 8080,
  host: 'localhost',
  iceServers: [],
  ice: {},
  staticRoot: REPO_ROOT,
  logLevel: 'info',
  mediaTimeoutMs: 5000,
  staleMediaMs: 2000,
  keyframeIntervalMs: 400,
  heartbeatMs: 15_000,
  maxIngestBitrate: 6_000_000,
  dvrWindowMs: 60_000,
  keyframeCadenceMs: 1000,
  packagerIdleMs: 30_000,
  metadataTcpPort: 0,
  metadataRatePerSecond: 50,
  metadataRateBurst: 200,
  httpViewerWindowMs: 5000,
  maxClipMs: 600_000,
  recording: { dir: './recordings', streams: [], segmentMs: 600_000 },
  pull: {
    ffmpegPath: 'ffmpeg',
    ffprobePath: 'ffprobe',
    idleMs: 30_000,
    retryMinMs: 1000,
    retryMaxMs: 30_000,
  },
  origin: { urls: [], idleMs: 30_000 },
  limits: {
    sdpBodyBytes: 64 * 1024,
    metadataBodyBytes: 1024 * 1024,
    jsonBodyBytes: 64 * 1024,
    wsMessageBytes: 4 * 1024,
    wsMessagesPerSecond: 20,
    wsMessageBurst: 50,
    publishers: 100,
    viewersPerStream: 1000,
    viewersTotal: 5000,
    blockingPlaylistRequests: 10_000,
  },
  shutdown: { drainMs: 2000, timeoutMs: 10_000 },
  webhooks: DEFAULT_WEBHOOKS_CONFIG,
};

/** Pino's levels, quietest last: what `LOG_LEVEL` and `--log-level` accept. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** The metadata TCP port `main.ts` opens unless told otherwise. */
export const DEFAULT_METADATA_TCP_PORT = 8082;

export type ServerOptions = Partial<
  Omit<ServerConfig, 'limits' | 'shutdown' | 'recording' | 'webhooks' | 'pull' | 'origin'>
> & {
  webhooks?: Partial<WebhooksConfig>;
  pull?: Partial<PullConfig>;
  origin?: Partial<OriginConfig>;
  limits?: Partial<LimitsConfig>;
  shutdown?: Partial<ShutdownConfig>;
  recording?: Partial<RecordingConfig>;
};

export function resolveConfig(options: ServerOptions = {}): ServerConfig {
  return {
    ...defaultConfig,
    ...options,
    ice: { ...defaultConfig.ice, ...options.ice },
    recording: { ...defaultConfig.recording, ...options.recording },
    pull: { ...defaultConfig.pull, ...options.pull },
    origin: { ...defaultConfig.origin, ...options.origin },
    limits: { ...defaultConfig.limits, ...options.limits },
    shutdown: { ...defaultConfig.shutdown, ...options.shutdown },
    webhooks: { ...defaultConfig.webhooks, ...options.webhooks },
  };
}

/**
 * Reads `BRUME_CONFIG` (a config file), `PORT`, `HOST`, `BRUME_ICE_HOSTS`, `BRUME_PUBLIC_URL`, `BRUME_ICE_SERVERS` (comma-separated
 * URLs, no credentials), `BRUME_METADATA_PORT` (the metadata TCP port, default 8082, 0: off),
 * `LOG_LEVEL`, `LOG_FORMAT` (`json` for raw pino lines, else one readable line per event),
 * `BRUME_ORIGIN` (comma-separated origin URLs: this relay is an edge) and `BRUME_ORIGIN_TOKEN`, then
 * the `--config path` / `--port N` / `--host H` / `--metadata-port N` / `--log-level L` /
 * `--origin URL[,URL…]` flags, which win.
 * Both beat the config file; `main.ts` puts its metadata port default (8082) under the file.
 */
export function configFromEnvironment(argv: readonly string[], env: NodeJS.ProcessEnv): ServerOptions {
  const options: ServerOptions = {};
  if (env.BRUME_CONFIG) options.configFile = env.BRUME_CONFIG;
  if (env.PORT) options.port = parsePort(env.PORT, 'PORT');
  if (env.BRUME_METADATA_PORT)
    options.metadataTcpPort = parsePort(env.BRUME_METADATA_PORT, 'BRUME_METADATA_PORT');
  if (env.HOST) options.host = env.HOST;
  if (env.BRUME_ICE_HOSTS) options.ice = { hostAddresses: splitList(env.BRUME_ICE_HOSTS) };
  if (env.BRUME_PUBLIC_URL) options.publicUrl = env.BRUME_PUBLIC_URL;
  if (env.BRUME_ICE_SERVERS) options.iceServers = splitList(env.BRUME_ICE_SERVERS).map((urls) => ({ urls }));
  if (env.LOG_LEVEL) options.logLevel = parseLogLevel(env.LOG_LEVEL, 'LOG_LEVEL');
  if (env.LOG_FORMAT !== 'json') options.logStream = prettyLogStream();
  if (env.BRUME_REDIS_URL) options.directory = { redisUrl: env.BRUME_REDIS_URL };
  if (env.BRUME_NODE_URL && options.directory) options.directory.nodeUrl = env.BRUME_NODE_URL;
  if (env.BRUME_ORIGIN) options.origin = { ...options.origin, urls: splitList(env.BRUME_ORIGIN) };
  if (env.BRUME_ORIGIN_TOKEN) options.origin = { ...options.origin, token: env.BRUME_ORIGIN_TOKEN };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.split('=', 2);
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--config') options.configFile = value();
    else if (flag === '--log-level') options.logLevel = parseLogLevel(value(), '--log-level');
    else if (flag === '--port') options.port = parsePort(value(), '--port');
    else if (flag === '--host') options.host = value();
    else if (flag === '--metadata-port') options.metadataTcpPort = parsePort(value(), '--metadata-port');
    else if (flag === '--origin') options.origin = { ...options.origin, urls: splitList(value()) };
    else if (flag === '--redis')
      options.directory = { ...options.directory, redisUrl: parseRedisUrl(value()) };
    else if (flag === '--node-url') {
      const nodeUrl = value();
      if (!options.directory) throw new Error('--node-url needs --redis (or BRUME_REDIS_URL)');
      options.directory = { ...options.directory, nodeUrl };
    } else
      throw new Error(
        `unknown argument ${arg}; usage: main.ts [--config path] [--port N] [--host H] [--metadata-port N] [--origin URL[,URL…]] [--log-level ${LOG_LEVELS.join('|')}] [--workers N|auto] [--redis URL] [--node-url URL]`,
      );
  }
  return options;
}

function parseRedisUrl(value: string): string {
  if (!/^rediss?:\/\/\S+$/.test(value)) throw new Error(`--redis must be a redis:// URL, got "${value}"`);
  return value;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

function parseLogLevel(value: string, source: string): string {
  const level = value.trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new Error(`${source}: unknown log level "${value}"; use one of ${LOG_LEVELS.join(', ')}`);
  return level;
}

function parsePort(value: string, source: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${source}: invalid port "${value}"`);
  return port;
}
