import os from 'node:os';
import type { ServerConfig } from '../config';

/**
 * This node's base URL for the directory, as the other nodes reach it: `directory.nodeUrl`, else
 * `publicUrl`, else `http://<host>:<port>` (a wildcard host becomes the machine's name, which other
 * nodes may not resolve: set `directory.node` in a real deployment).
 */
export function nodeUrlOf(
  config: Pick<ServerConfig, 'directory' | 'nodeUrl' | 'publicUrl' | 'host' | 'port'>,
): string {
  const explicit = config.directory?.nodeUrl ?? config.nodeUrl ?? config.publicUrl;
  if (explicit) return explicit.replace(/\/+$/, '');
  const wildcard = config.host === '0.0.0.0' || config.host === '::' || config.host === '';
  const host = wildcard ? os.hostname() : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}
