import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { resolveConfig, type ServerConfig, type ServerOptions } from './config';
import { registerCors } from './http/cors';
import { registerSdpParsers } from './http/content-types';
import { registerErrorHandlers } from './http/errors';
import { registerDashRoutes } from './http/dash-routes';
import { registerHlsRoutes } from './http/hls-routes';
import { registerMp4Routes } from './http/mp4-routes';
import { registerTsRoutes } from './http/ts-routes';
import { registerClipRoutes } from './http/clip-routes';
import { registerRecordingRoutes } from './http/recording-routes';
import { RecordingManager } from './recording/recording-manager';
import { registerSessionRoutes } from './http/session-routes';
import { attachStreamFeedSocket } from './http/stream-feed-socket';
import { attachWsMp4Socket } from './http/ws-mp4-socket';
import { registerStreamRoutes } from './http/stream-routes';
import { registerMetadataRoutes } from './http/metadata-routes';
import { attachMetadataSocket } from './http/metadata-socket';
import { MetadataIngest } from './metadata/metadata-ingest';
import { MetadataTcpServer } from './metadata/metadata-tcp-server';
import { streamClockReading } from './metadata/stream-clock';
import { registerStaticRoutes, sendMissingBuild } from './http/static-routes';
import { mp4Sources, wsMp4Sources } from './mp4/mp4-source';
import { tsSources } from './ts/ts-source';
import { PackagerRegistry } from './segments/packager-registry';
import { segmentSources } from './segments/segment-sources';
import { StreamRegistry } from './stream/stream-registry';
import type { Logger } from './util/logger';
import type { LiveMedia } from './webrtc/publisher-media';
import type { StreamTimeline } from '@brume/protocol';
import { WebRtcRelay } from './webrtc/webrtc-relay';
import { whepSource } from './webrtc/whep-source';

export { resolveConfig, configFromEnvironment, defaultConfig, REPO_ROOT } from './config';
export type { ServerConfig, ServerOptions, IceConfig, IceServerConfig, RecordingConfig } from './config';
export type { RecordingManager } from './recording/recording-manager';
export type { StreamRegistry } from './stream/stream-registry';
export type { Stream, EndReason } from './stream/stream';
export type { WebRtcRelay } from './webrtc/webrtc-relay';
export type {
  MetadataStore,
  MetadataStoreEvents,
  MetadataListener,
  StoredMetadataEvent,
  MetadataClockReading,
} from './metadata/metadata-store';
export type { MetadataIngest } from './metadata/metadata-ingest';
export type { MetadataTcpServer } from './metadata/metadata-tcp-server';

/** WHIP/WHEP offers and trickle fragments are small; anything bigger is refused with 413. */
const BODY_LIMIT = 64 * 1024;

export interface BrumeServer {
  app: FastifyInstance;
  config: ServerConfig;
  registry: StreamRegistry;
  relay: WebRtcRelay;
  /** What every metadata way in goes through (stream lookup, validation, rate limits, stores). */
  metadata: MetadataIngest;
  /** The metadata TCP line protocol; `listen()` opens it on `metadataTcpPort` unless that is 0. */
  metadataTcp: MetadataTcpServer;
  /** Recording to fragmented MP4 (`config.recording`); `finish()` flushes and closes every file. */
  recordings: RecordingManager;
  /** Starts listening; resolves to the base URL (`http://localhost:8080`). */
  listen(): Promise<string>;
  /** Closes every session, feed and socket; the process can exit afterwards. */
  close(): Promise<void>;
}

/**
 * Builds the relay without listening, so tests can `app.inject()` and e2e can start it in-process.
 * Routes are registered by the time this resolves.
 */
export async function createServer(options: ServerOptions = {}): Promise<BrumeServer> {
  const config = resolveConfig(options);
  const app = Fastify({
    logger: { level: config.logLevel, ...(config.logStream ? { stream: config.logStream } : {}) },
    // Sessions, streams and errors are logged where they happen; per-request lines are noise.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    // SSE and WebSocket feeds stay open; shutdown must not wait for them.
    forceCloseConnections: true,
    // WHIP/WHEP session ids are 32 hex characters; stream names up to 129.
    routerOptions: { maxParamLength: 200 },
  });
  const log = app.log as unknown as Logger;
  const registry: StreamRegistry = new StreamRegistry(
    (stream, baseUrl) => [
      whepSource(stream, baseUrl),
      ...wsMp4Sources(stream, baseUrl),
      ...segmentSources(stream, baseUrl),
      ...mp4Sources(stream, baseUrl),
      ...tsSources(stream, baseUrl),
    ],
    (error) => log.error({ err: error }, 'stream listener failed'),
    (stream): StreamTimeline | undefined => {
      // Called only once the relay exists (a stream is live).
      const media: LiveMedia | undefined = relay.media(stream.name);
      if (!media) return undefined;
      const window = media.window ?? { firstMs: 0, lastMs: 0 };
      return { startUnixMs: media.startUnixMs, ...window, dvrWindowMs: config.dvrWindowMs };
    },
    (stream) => streamClockReading(relay.media(stream.name), stream.startUnixMs, config.dvrWindowMs),
  );
  registry.events.on('state', (stream, previous, reason) => {
    log.info(
      { stream: stream.name, state: stream.state, previous, ...(reason ? { reason } : {}) },
      `stream ${stream.name}: ${previous} -> ${stream.state}${reason ? ` (${reason})` : ''}`,
    );
  });
  const relay: WebRtcRelay = new WebRtcRelay(registry, config, log);

  registerErrorHandlers(app, (request, reply) => sendMissingBuild(request, reply, config.staticRoot));
  registerSdpParsers(app);
  registerCors(app);
  registerSessionRoutes(app, relay, config);
  const feeds = registerStreamRoutes(app, registry, config);
  const mp4Files = registerMp4Routes(app, registry, (name) => relay.media(name), log);
  const tsFiles = registerTsRoutes(app, registry, (name) => relay.media(name), log);
  const recordings = new RecordingManager(registry, (name) => relay.media(name), config.recording, log);
  registerClipRoutes(app, registry, (name) => relay.media(name), recordings, config.maxClipMs);
  registerRecordingRoutes(app, recordings, config.publicUrl);
  const packagers = new PackagerRegistry((name) => relay.media(name), {
    dvrWindowMs: config.dvrWindowMs,
    idleMs: config.packagerIdleMs,
    metadataOf: (name) => registry.get(name)?.metadata,
    log,
  });
  registerHlsRoutes(app, registry, packagers);
  registerDashRoutes(app, registry, packagers, {
    dvrWindowMs: config.dvrWindowMs,
    publicUrl: config.publicUrl,
  });
  const metadata = new MetadataIngest(registry, {
    log,
    ratePerSecond: config.metadataRatePerSecond,
    burst: config.metadataRateBurst,
  });
  await registerMetadataRoutes(app, metadata);
  await registerStaticRoutes(app, config.staticRoot);
  const socketFeeds = attachStreamFeedSocket(app.server, registry, config);
  const wsMp4 = attachWsMp4Socket(app.server, registry, (name) => relay.media(name), config, log);
  const metadataSockets = attachMetadataSocket(app.server, registry, metadata, log);
  const metadataTcp = new MetadataTcpServer(metadata, log);

  app.addHook('preClose', async () => {
    // Before the publishers go: their end would finish the recordings too, but unawaited.
    await recordings.finish();
    relay.dispose();
    feeds.close();
    mp4Files.close();
    tsFiles.close();
    packagers.dispose();
    socketFeeds.close();
    wsMp4.close();
    metadataSockets.close();
    await metadataTcp.close();
  });
  app.addHook('onClose', async () => {
    registry.dispose();
  });

  let closing: Promise<void> | undefined;
  return {
    app,
    config,
    registry,
    relay,
    metadata,
    metadataTcp,
    recordings,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      if (config.metadataTcpPort > 0) {
        // A side door: when its port is taken the relay still serves everything else.
        try {
          const tcp = await metadataTcp.listen(config.metadataTcpPort, config.host);
          log.info(`metadata TCP line protocol on ${tcp.address}:${tcp.port}`);
        } catch (error) {
          log.warn(
            { err: error },
            `metadata TCP port ${config.metadataTcpPort} unavailable: the line protocol is off (set --metadata-port)`,
          );
        }
      }
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      return `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${port}`;
    },
    close() {
      closing ??= app.close();
      return closing;
    },
  };
}
