import { configFromEnvironment } from './config';
import { createServer } from './index';

/**
 * `node --import tsx server/src/main.ts [--port N] [--host H] [--metadata-port N]`; also PORT, HOST,
 * BRUME_ICE_HOSTS, BRUME_ICE_SERVERS, BRUME_PUBLIC_URL, BRUME_METADATA_PORT, LOG_LEVEL, LOG_FORMAT=json.
 */
async function main(): Promise<void> {
  const server = await createServer(configFromEnvironment(process.argv.slice(2), process.env));
  const log = server.app.log;
  const url = await server.listen();
  log.info(`Brume relay on ${url}`);
  log.info(`  demo ${url}/   studio ${url}/studio/   embed ${url}/player.js`);
  log.info(`  WHIP ${url}/whip/<name>   WHEP ${url}/whep/<name>   API ${url}/api/streams`);
  log.info(`  metadata ${url}/api/streams/<name>/tracks/<track> (POST, WS), npx brume meta <name> <track>`);

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

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
