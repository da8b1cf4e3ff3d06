import path from 'node:path';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { resolveConfig, type ServerConfig, type ServerOptions } from './config';
import { registerCors } from './http/cors';
import { clientErrorHandler, frameworkErrorHandler } from './http/client-errors';
import { attachUpgradeFallback } from './http/upgrade-claims';
import { registerSdpParsers } from './http/content-types';
import { registerErrorHandlers } from './http/errors';
import { registerDashRoutes } from './http/dash-routes';
import { registerHlsRoutes } from './http/hls-routes';
import { registerMp4Routes } from './http/mp4-routes';
import { registerTsRoutes } from './http/ts-routes';
import { registerClipRoutes } from './http/clip-routes';
import { registerRecordingRoutes } from './http/recording-routes';
import { RecordingManager } from './recording/recording-manager';
import { recordingPolicy } from './recording/recording-policy';
import { registerSessionRoutes } from './http/session-routes';
import { attachStreamFeedSocket } from './http/stream-feed-socket';
import { attachWsMp4Socket } from './http/ws-mp4-socket';
import { registerStreamRoutes } from './http/stream-routes';
import { registerMetadataRoutes } from './http/metadata-routes';
import { attachMetadataSocket } from './http/metadata-socket';
import { MetadataIngest } from './metadata/metadata-ingest';
import { ingestLineSink } from './metadata/metadata-line-sink';
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
import { ConfigStore } from './config-file/config-store';
import { fileOptions } from './config-file/file-options';
import { followConfigChanges } from './config-file/follow-config-changes';
import { layerOptions } from './config-file/layer-options';
import type { StreamSettings } from './config-file/stream-settings';
import { Admission } from './limits/admission';
import { registerAdmissionHooks } from './http/admission-hooks';
import { GracefulShutdown, type ShutdownParticipant } from './shutdown/graceful-shutdown';
import { whepSource } from './webrtc/whep-source';
import { registerObservabilityRoutes } from './http/observability-routes';
import { directoryOrigins, StreamDirectory } from './directory/stream-directory';
import { firstOrigins, siblingHeaders, siblingOrigins } from './cluster/sibling-origins';
import { registerDirectoryClaims } from './directory/directory-claims';
import { nodeUrlOf } from './directory/node-url';
import {
  guardWorker,
  registerWorkerMetrics,
  workerFastifyOptions,
  type WorkerRole,
} from './cluster/worker-access';
import { watchOutputSessions } from './observability/output-sessions';
import { ServerMetrics } from './observability/server-metrics';
import { SessionRegistry } from './observability/session-registry';
import { registerPublishAccess } from './access/publish-access-hooks';
import { PublishGate } from './access/publish-gate';
import { userNewCheck, type UserNewRequest } from './webhooks/blocking-hook';
import { notifyStreamEvents } from './webhooks/stream-notifications';
import { WebhookNotifier } from './webhooks/webhook-notifier';
import { guardAdminRoutes } from './admin/admin-guard';
import { registerAdminRoutes } from './admin/admin-routes';
import { ViewerGate, type UserNewHook } from './access/viewer-gate';
import { registerViewerHttpGate } from './access/viewer-http-gate';
import { viewerUpgradeCheck } from './access/viewer-upgrade-gate';
import { streamInfoForViewer } from './access/viewer-stream-info';
import { PullManager, registerPullHooks } from './ingest/pull-manager';
import { EdgeManager, registerEdgeHooks } from './edge/edge-manager';
import { registerEdgeMetrics } from './edge/edge-metrics';
import { registerEdgeRoutes } from './edge/edge-routes';
import { staticOrigins, normalizeOrigins, type OriginResolver } from './edge/origin-resolver';

export { resolveConfig, configFromEnvironment, defaultConfig, REPO_ROOT } from './config';
export type { ServerConfig, ServerOptions, IceConfig, IceServerConfig, RecordingConfig } from './config';
export type { RecordingManager } from './recording/recording-manager';
export type { LimitsConfig, ShutdownConfig, OriginConfig } from './config';
export type { OriginResolver } from './edge/origin-resolver';
export { staticOrigins } from './edge/origin-resolver';
export type { EdgeManager, EdgePullInfo } from './edge/edge-manager';
export type { EdgeStatus } from './edge/edge-routes';
export type { ShutdownParticipant } from './shutdown/graceful-shutdown';
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
export { ConfigStore } from './config-file/config-store';
export type { ConfigChange, ConfigStoreEvents } from './config-file/config-store';
export { ConfigFileError } from './config-file/config-file-error';
export type { ConfigDocument, StreamDocument } from './config-file/config-document';
export type {
  StreamSettings,
  StreamSource,
  RecordingSettings,
  StreamAuthSettings,
  TriggerSettings,
  BlockingHook,
} from './config-file/stream-settings';
export type { SessionRegistry, SessionInfo, SessionProtocol } from './observability/session-registry';
export type { ServerMetrics } from './observability/server-metrics';
export type { Admission } from './limits/admission';
export type { WebhooksConfig } from './webhooks/webhook-config';
export type { WebhookPayloads, WebhookEvent } from './webhooks/webhook-events';
export type { UserNewRequest, PushRewriteRequest } from './webhooks/blocking-hook';
export { askUserNew, userNewCheck } from './webhooks/blocking-hook';
export { signViewerToken, verifyViewerToken, tokenScopeCovers } from './access/viewer-token';
export type { ViewerTokenClaims, ViewerTokenCheck, ViewerTokenRejection } from './access/viewer-token';
export type { UserNewHook, UserNewPayload, ViewerOutput } from './access/viewer-gate';

/**
 * HLS/DASH players that read the end of their playlist stop asking; this long without a request
 * (none in flight) and the shutdown drain stops waiting for them.
 */
const PLAYERS_QUIET_MS = 1000;

export interface BrumeServer {
  app: FastifyInstance;
  config: ServerConfig;
  registry: StreamRegistry;
  relay: WebRtcRelay;
  /** What every metadata way in goes through (stream lookup, validation, rate limits, stores). */
  metadata: MetadataIngest;
  /** The metadata TCP line protocol; `listen()` opens it on `metadataTcpPort` unless that is 0. */
  metadataTcp: MetadataTcpServer;
  /** The running config file (in memory when `configFile` is unset): `update()`, `events`, `triggers`. */
  configStore: ConfigStore;
  /** Settings of a stream name (`live+alice` gets those of `live`), or undefined for an invalid name. */
  settingsFor(name: string): StreamSettings | undefined;
  /** Every open publisher and viewer session of every protocol (`GET /api/sessions`). */
  sessions: SessionRegistry;
  /** The Prometheus metrics of this relay (`GET /metrics`), on a registry of its own. */
  metrics: ServerMetrics;
  /** Recording to fragmented MP4 (`config.recording`); `finish()` flushes and closes every file. */
  recordings: RecordingManager;
  /** Capacity limits in use (viewer slots, held playlist requests) and whether the server drains. */
  admission: Admission;
  /**
   * The `user_new` hook of the running config (`triggers.user_new`): whether a viewer may watch.
   * Without a hook, true; when the hook fails or is late, its default.
   */
  userNew(request: UserNewRequest): Promise<boolean>;
  /** Streams pulled from HLS sources (`source: {url}`), started on demand. */
  pulls: PullManager;
  /** The Redis stream directory (`config.directory`), when this relay is one node of several. */
  directory: StreamDirectory | undefined;
  /** Origin pulls, when this relay is an edge (`origin.urls` or an `originResolver`); else undefined. */
  edge: EdgeManager | undefined;
  /** Starts listening; resolves to the base URL (`http://localhost:8080`). */
  listen(): Promise<string>;
  /**
   * Graceful shutdown: refuses new sessions and requests (503), tells viewers, ends publishes (HLS
   * playlists get `EXT-X-ENDLIST`, DASH turns static), waits for shutdown participants and
   * `shutdown.drainMs` (at most `shutdown.timeoutMs`), then closes every session, feed and
   * socket; the process can exit afterwards.
   */
  close(): Promise<void>;
  /** Registers something `close()` waits for (a recording); the returned function unregisters it. */
  onShutdown(participant: ShutdownParticipant): () => void;
}

export interface CreateServerOptions extends ServerOptions {
  /** Defaults the config file may override (`main.ts` opens the metadata TCP port unless it says 0). */
  fallback?: ServerOptions;
  /** Asked about each new viewer while the config has a `triggers.user_new` hook (the webhook client). */
  userNew?: UserNewHook;
  /** Signs and checks viewer tokens instead of the file's `auth.viewerTokenSecret` (`BRUME_VIEWER_TOKEN_SECRET`). */
  viewerTokenSecret?: string | undefined;
  /** Run as one worker of a cluster (`cluster/`): requests come from the front process only. */
  cluster?: WorkerRole;
  /**
   * Where this relay, as an edge, looks for streams it does not have: ordered origin base URLs per
   * stream name (a directory). Replaces the static `origin.urls` list; either one makes it an edge.
   */
  originResolver?: OriginResolver;
}

/**
 * Builds the relay without listening, so tests can `app.inject()` and e2e can start it in-process.
 * Routes are registered by the time this resolves. With `configFile`, options beside it win over the
 * file (flags and env in `main.ts`), and a broken file rejects with a `ConfigFileError`.
 */
export async function createServer(options: CreateServerOptions = {}): Promise<BrumeServer> {
  const { fallback = {}, userNew, viewerTokenSecret, cluster, originResolver, ...overrides } = options;
  const configStore = await ConfigStore.open(options.configFile, {
    onListenerError: (error) => app.log.error({ err: error }, 'config listener failed'),
  });
  const fileFolder = configStore.file ? path.dirname(configStore.file) : process.cwd();
  const layered = () =>
    resolveConfig(layerOptions(fallback, fileOptions(configStore.document, fileFolder), overrides));
  const config = layered();
  const app = Fastify({
    logger: { level: config.logLevel, ...(config.logStream ? { stream: config.logStream } : {}) },
    // Sessions, streams and errors are logged where they happen; per-request lines are noise.
    logController: new LogController({ disableRequestLogging: true }),
    // Routes with other bodies (SDP, metadata) set their own limit.
    bodyLimit: config.limits.jsonBodyBytes,
    // SSE and WebSocket feeds stay open; shutdown must not wait for them.
    forceCloseConnections: true,
    // WHIP/WHEP session ids are 32 hex characters; stream names up to 129.
    routerOptions: { maxParamLength: 200 },
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    ...(cluster ? workerFastifyOptions() : {}),
  });
  if (cluster) guardWorker(app, cluster);
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
      return { startUnixMs: media.startUnixMs, ...window, dvrWindowMs: media.dvrWindowMs };
    },
    (stream) => {
      const media = relay.media(stream.name);
      return streamClockReading(media, stream.startUnixMs, media?.dvrWindowMs ?? config.dvrWindowMs);
    },
  );
  registry.events.on('state', (stream, previous, reason) => {
    log.info(
      { stream: stream.name, state: stream.state, previous, ...(reason ? { reason } : {}) },
      `stream ${stream.name}: ${previous} -> ${stream.state}${reason ? ` (${reason})` : ''}`,
    );
  });
  const relay: WebRtcRelay = new WebRtcRelay(registry, config, log);
  // Before the hooks that count viewers and take viewer slots: a refused request is neither.
  // The `user_new` webhook (`triggers.user_new`, read per viewer), unless the embedder brings its own check.
  const userNewHook = userNew ?? userNewCheck(() => configStore.triggers.user_new, log);
  const viewerGate = new ViewerGate({
    config: configStore,
    userNew: userNewHook,
    secret: viewerTokenSecret,
    log,
  });
  registerViewerHttpGate(app, viewerGate);
  const sessions = new SessionRegistry(log, Date.now, cluster ? `w${cluster.index}-` : undefined);
  const outputs = watchOutputSessions(
    app,
    registry,
    relay,
    sessions,
    config.httpViewerWindowMs,
    (publisher) => metrics.watchPublisher(publisher),
  );
  const metrics = new ServerMetrics({
    streams: registry,
    sessions,
    publisher: outputs.publisher,
    whepViewers: outputs.whepViewers,
  });

  const admission = new Admission(config.limits);
  const pulls = new PullManager({ relay, registry, config, configStore, log });
  const detachPullHooks = registerPullHooks(app, pulls);
  // Multi-node: publishers claim their stream in Redis (registered after access control, below).
  const directory = config.directory
    ? new StreamDirectory({
        url: config.directory.redisUrl,
        node: nodeUrlOf(config),
        ...(config.directory.ttlMs !== undefined ? { ttlMs: config.directory.ttlMs } : {}),
        log,
      })
    : undefined;
  // Where a stream that is not here comes from, first answer wins: the sibling worker holding it
  // (in a cluster), the node holding it (directory), the configured origins.
  const originSources = [
    ...(cluster ? [siblingOrigins(cluster)] : []),
    ...(directory ? [directoryOrigins(directory)] : []),
    ...(originResolver
      ? [originResolver]
      : config.origin.urls.length > 0
        ? [staticOrigins(config.origin.urls)]
        : []),
  ];
  const origins = originSources.length > 0 ? firstOrigins(originSources) : undefined;
  const edge = origins
    ? new EdgeManager({
        relay,
        registry,
        config,
        resolve: origins,
        token: config.origin.token,
        ...(cluster ? { originHeaders: siblingHeaders(cluster) } : {}),
        idleMs: config.origin.idleMs,
        log,
        hasLocalSource: (name) => pulls.sourceOf(name) !== undefined,
      })
    : undefined;
  const detachEdgeHooks = edge ? registerEdgeHooks(app, edge) : () => {};
  if (edge) {
    registerEdgeMetrics(metrics.registry, edge);
    log.info(
      {
        origins: [
          ...(cluster ? ['sibling workers'] : []),
          ...(directory ? ['directory'] : []),
          ...(originResolver ? ['resolver'] : normalizeOrigins(config.origin.urls)),
        ],
      },
      'edge: streams not published here are pulled from the origin',
    );
  }
  registerErrorHandlers(app, (request, reply) => sendMissingBuild(request, reply, config.staticRoot));
  registerSdpParsers(app);
  registerCors(app);
  // Before the routes it guards: /api/admin, /api/sessions, /metrics, recording start/stop.
  guardAdminRoutes(app, () => configStore.document.auth?.adminToken);
  registerSessionRoutes(app, relay, config, admission);
  const feeds = registerStreamRoutes(app, registry, config, streamInfoForViewer(viewerGate));
  const mp4Files = registerMp4Routes(app, registry, (name) => relay.media(name), log);
  const tsFiles = registerTsRoutes(app, registry, (name) => relay.media(name), log);
  const recordings = new RecordingManager(
    registry,
    (name) => relay.media(name),
    // `config.recording` is replaced when a reloaded file changes it.
    recordingPolicy(() => config.recording, configStore),
    log,
  );
  registerClipRoutes(
    app,
    registry,
    (name) => relay.media(name),
    recordings,
    () => config.maxClipMs,
  );
  registerRecordingRoutes(app, recordings, config.publicUrl);
  if (edge) registerEdgeRoutes(app, edge);
  const notifier = new WebhookNotifier(config.webhooks, log);
  const stopNotifications = notifyStreamEvents(notifier, {
    streams: registry,
    sessions,
    recordings,
    triggers: () => configStore.triggers,
    publicUrl: () => config.publicUrl,
  });
  registerAdminRoutes(app, {
    configStore,
    streams: registry,
    sessions,
    isRecording: (name) => recordings.isRecording(name),
    viewerTokenSecret: () => viewerTokenSecret || configStore.document.auth?.viewerTokenSecret,
    log,
  });
  const packagers = new PackagerRegistry((name) => relay.media(name), {
    // Read when a packager starts: a reloaded config applies to the next one.
    get dvrWindowMs() {
      return config.dvrWindowMs;
    },
    idleMs: config.packagerIdleMs,
    metadataOf: (name) => registry.get(name)?.metadata,
    onPart: (_name, kind, lagMs) => metrics.observePart(kind, lagMs),
    log,
  });
  registerAdmissionHooks(app, admission, (request) => {
    // While draining, players of a packaging that is ending still read its end.
    if (request.url.startsWith('/api/time')) return true;
    const { name } = request.params as { name?: string };
    const packaged = /^\/(?:hls|dash)\//.test(request.url);
    return packaged && name !== undefined && packagers.peek(name) !== undefined;
  });
  const publishAccess = registerPublishAccess(
    app,
    new PublishGate({
      settingsFor: (name) => configStore.settingsFor(name),
      pushRewriteHook: () => configStore.triggers.push_rewrite,
      log,
    }),
    relay,
  );
  const detachDirectoryClaims = directory ? registerDirectoryClaims(app, directory, registry, log) : () => {};
  registerHlsRoutes(app, registry, packagers, admission.playlists);
  registerDashRoutes(app, registry, packagers, {
    get publicUrl() {
      return config.publicUrl;
    },
    playlists: admission.playlists,
  });
  const metadata = new MetadataIngest(registry, {
    log,
    ratePerSecond: config.metadataRatePerSecond,
    burst: config.metadataRateBurst,
  });
  await registerMetadataRoutes(app, metadata, config.limits.metadataBodyBytes);
  const observability = registerObservabilityRoutes(
    app,
    registry,
    sessions,
    metrics,
    (name) => outputs.publisher(name)?.ingestLatencyMs,
  );
  if (cluster) registerWorkerMetrics(app, metrics);
  await registerStaticRoutes(app, config.staticRoot);
  const socketFeeds = attachStreamFeedSocket(app.server, registry, config, admission);
  const wsMp4 = attachWsMp4Socket(
    app.server,
    registry,
    (name) => relay.media(name),
    config,
    log,
    admission,
    outputs.onWsViewer,
    viewerUpgradeCheck(viewerGate),
  );
  const metadataSockets = attachMetadataSocket(
    app.server,
    registry,
    metadata,
    log,
    config.limits.metadataBodyBytes,
    admission,
  );
  // After every WebSocket endpoint: answers the upgrades none of them claimed.
  const detachUpgradeFallback = attachUpgradeFallback(app.server);
  const metadataTcp = new MetadataTcpServer(ingestLineSink(metadata, log), log);
  const unfollowConfig = followConfigChanges(
    configStore,
    config,
    layered,
    (level) => {
      app.log.level = level;
    },
    log,
  );

  app.addHook('preClose', async () => {
    // First, so sessions the shutdown ends are logged as such.
    outputs.close();
    observability.close();
    // Already done by the shutdown sequence; here for an `app.close()` that bypassed it.
    await recordings.finish();
    relay.dispose();
    detachPullHooks();
    await pulls.dispose();
    detachEdgeHooks();
    await edge?.dispose();
    feeds.close();
    mp4Files.close();
    tsFiles.close();
    packagers.dispose();
    socketFeeds.close();
    wsMp4.close();
    metadataSockets.close();
    detachUpgradeFallback();
    await metadataTcp.close();
    unfollowConfig();
    viewerGate.dispose();
    await configStore.dispose();
  });
  app.addHook('onClose', async () => {
    stopNotifications();
    notifier.dispose();
    publishAccess.close();
    registry.dispose();
    sessions.dispose();
    metrics.dispose();
  });

  const shutdown = new GracefulShutdown({ ...config.shutdown, log });
  shutdown.register({
    name: 'webhooks',
    drain: async () => {
      // Publishes ended a moment ago; their stream_end may be queued in the next turn.
      await new Promise((resolve) => setImmediate(resolve));
      if (!(await notifier.flush(config.webhooks.flushMs))) {
        log.warn(
          `shutdown: ${notifier.pending} webhook notification(s) still pending after ${config.webhooks.flushMs} ms`,
        );
      }
    },
  });
  return {
    app,
    config,
    registry,
    relay,
    metadata,
    metadataTcp,
    configStore,
    settingsFor: (name) => configStore.settingsFor(name),
    sessions,
    metrics,
    recordings,
    admission,
    userNew: userNewHook,
    pulls,
    directory,
    edge,
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
      return shutdown.run({
        stopAccepting: async () => {
          admission.startDraining();
          // Before the publishes end: a recording closes its file whole, fsynced, while media is there.
          await recordings.finish();
        },
        endSessions: () => {
          // WebSocket viewers first, so they hear "shutting down" (1001) rather than "stream ended".
          wsMp4.endAll();
          // Publishes end: streams go `ended` (the feeds send it), packagers finish their
          // playlists, progressive responses end, WHEP peers close.
          relay.dispose();
          void pulls.dispose();
          void edge?.dispose();
        },
        readersDone: () => packagers.size === 0 || outputs.packagedReads.quietFor(PLAYERS_QUIET_MS),
        close: async () => {
          detachDirectoryClaims();
          await directory?.dispose();
          await app.close();
        },
      });
    },
    onShutdown: (participant) => shutdown.register(participant),
  };
}
