import { startCluster } from './cluster/start-cluster';
import { takeWorkersOption } from './cluster/workers-option';
import { configFromEnvironment, DEFAULT_METADATA_TCP_PORT } from './config';
import { createServer } from './index';

/**
 * The relay as a process (`npm start`, `brume serve`): listens, logs its URLs, and closes on SIGINT or
 * SIGTERM. `node --import tsx server/src/main.ts [--config path] [--port N] [--host H] [--metadata-port N]
 * [--log-level L]`; also BRUME_CONFIG, PORT, HOST, BRUME_ICE_HOSTS, BRUME_ICE_SERVERS,
 * BRUME_PUBLIC_URL, BRUME_METADATA_PORT, BRUME_VIEWER_TOKEN_SECRET, LOG_LEVEL, LOG_FORMAT=json. Flags > env > file > defaults.
 */
export async function startRelay(allArgs: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { workers, args } = takeWorkersOption(allArgs, env);
  if (workers > 1) return startClusterProcess(workers, args, env);
  const server = await createServer({
    ...configFromEnvironment(args, env),
    fallback: { metadataTcpPort: DEFAULT_METADATA_TCP_PORT },
    viewerTokenSecret: env.BRUME_VIEWER_TOKEN_SECRET || undefined,
  });
  const log = server.app.log;
  const url = await server.listen();
  log.info(`Brume relay on ${url}${server.config.configFile ? ` (config ${server.config.configFile})` : ''}`);
  log.info(`  demo ${url}/   studio ${url}/studio/   embed ${url}/player.js`);
  log.info(`  WHIP ${url}/whip/<name>   WHEP ${url}/whep/<name>   API ${url}/api/streams`);
  log.info(`  metadata ${url}/api/streams/<name>/tracks/<track> (POST, WS), npx brume meta <name> <track>`);
  log.info(`  metrics ${url}/metrics   sessions ${url}/api/sessions   stats ${url}/api/stats`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal}: draining (new sessions refused, viewers told, playlists ended), then exiting`);
    // The drain is bounded by shutdown.timeoutMs; werift may keep UDP sockets referenced a moment
    // past it: do not hang on them.
    const force = setTimeout(() => process.exit(0), server.config.shutdown.timeoutMs + 3000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** `--workers N` (N > 1): the front process; each worker is a relay (`cluster/worker-main.ts`). */
async function startClusterProcess(workers: number, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const cluster = await startCluster({
    workers,
    args,
    env,
    options: configFromEnvironment(args, env),
    fallback: { metadataTcpPort: DEFAULT_METADATA_TCP_PORT },
  });
  const { log, url } = cluster;
  log.info(
    `Brume relay on ${url} (${workers} worker processes, streams placed by name; --workers 1 for one)`,
  );
  log.info(`  demo ${url}/   studio ${url}/studio/   embed ${url}/player.js`);
  log.info(`  WHIP ${url}/whip/<name>   WHEP ${url}/whep/<name>   API ${url}/api/streams`);
  log.info(`  metrics ${url}/metrics (all workers)`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal}: workers draining, then exiting`);
    cluster.close().then(
      () => {
        log.info('shutdown complete: every worker drained');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
