import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pino from 'pino';
import { resolveConfig, type ServerOptions } from '../config';
import { ConfigStore } from '../config-file/config-store';
import { fileOptions } from '../config-file/file-options';
import { layerOptions } from '../config-file/layer-options';
import type { Logger } from '../util/logger';
import { nodeUrlOf } from '../directory/node-url';
import { createClusterFront } from './cluster-front';
import { MetadataTcpServer } from '../metadata/metadata-tcp-server';
import { clusterLineSink } from './cluster-metadata';
import { WorkerPool } from './worker-pool';

export interface ClusterOptions {
  /** Worker processes (≥ 1). */
  workers: number;
  /** The relay's flags (`--config`, `--port`…), passed to every worker as they are. */
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  /** The relay options those flags and the environment give (port, host, config file, log). */
  options: ServerOptions;
  /** Under the config file and `options`, like `createServer`'s `fallback`. */
  fallback?: ServerOptions;
  /** A stream's WHEP/`/ws` viewers stay on its worker up to this many (`viewer-spread.ts`). */
  spreadAfter?: number;
}

/**
 * Viewers of one stream on its own worker before others share them: below this a pull between
 * workers costs more than it saves; above it the stream's worker is the one that runs hot.
 */
export const DEFAULT_SPREAD_AFTER = 25;

export interface RunningCluster {
  /** The public base URL (`http://localhost:8080`). */
  url: string;
  pool: WorkerPool;
  log: Logger;
  /** The metadata TCP line protocol, on `metadataTcpPort` unless that is 0. */
  metadataTcp: MetadataTcpServer;
  /** Stops accepting, lets every worker drain (as one relay does on SIGTERM), then closes. */
  close(): Promise<void>;
}

/**
 * `brume serve --workers N`: N relay processes behind one port. The front (this process) routes by
 * stream name; each worker is a whole relay holding the streams that hash to it. Listening starts
 * once every worker is ready, so the first request never meets a cold cluster.
 */
export async function startCluster(cluster: ClusterOptions): Promise<RunningCluster> {
  const config = await startupConfig(cluster.options, cluster.fallback ?? {});
  const log = pino(
    { level: config.logLevel, base: { role: 'front' } },
    config.logStream ?? process.stdout,
  ) as unknown as Logger;
  const key = randomBytes(24).toString('base64url');
  const pool = new WorkerPool({
    count: cluster.workers,
    args: cluster.args,
    env: cluster.env,
    key,
    log,
    stopTimeoutMs: config.shutdown.timeoutMs + 5000,
  });
  // Listening first (requests get 503 `server/worker-unavailable` until workers are up), so the
  // workers learn the node's real address for the directory (port 0 picks one).
  const server = createClusterFront({
    pool,
    key,
    log,
    spreadAfter: cluster.spreadAfter ?? DEFAULT_SPREAD_AFTER,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${port}`;
  pool.start({ BRUME_CLUSTER_NODE_URL: nodeUrlOf({ ...config, port }) });
  try {
    await pool.ready();
  } catch (error) {
    server.close();
    await pool.dispose();
    throw error;
  }
  const lines = clusterLineSink(pool);
  const metadataTcp = new MetadataTcpServer(lines, log);
  if (config.metadataTcpPort > 0) {
    // A side door, as on one relay: when its port is taken the cluster still serves everything else.
    try {
      const tcp = await metadataTcp.listen(config.metadataTcpPort, config.host);
      log.info(`metadata TCP line protocol on ${tcp.address}:${tcp.port} (each line to its stream's worker)`);
    } catch (error) {
      log.warn(
        { err: error },
        `metadata TCP port ${config.metadataTcpPort} unavailable: the line protocol is off (set --metadata-port)`,
      );
    }
  }
  return {
    url,
    pool,
    log,
    metadataTcp,
    async close() {
      // No new connections; the open ones stay while the workers drain (viewers hear the end and
      // playlists end through them). Not awaited: Node's `close` callback waits for connections
      // handed to workers, and asks the workers about them, which are gone once disposed.
      server.close();
      await metadataTcp.close();
      lines.dispose();
      await pool.dispose();
      server.closeAllConnections();
    },
  };
}

/** Port, host, log and shutdown timeout as a relay would resolve them, config file included. */
async function startupConfig(options: ServerOptions, fallback: ServerOptions) {
  const store = await ConfigStore.open(options.configFile);
  try {
    const folder = store.file ? path.dirname(store.file) : process.cwd();
    return resolveConfig(layerOptions(fallback, fileOptions(store.document, folder), options));
  } finally {
    await store.dispose();
  }
}
