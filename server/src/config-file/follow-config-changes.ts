import type { ServerConfig } from '../config';
import type { Logger } from '../util/logger';
import { ConfigFileError } from './config-file-error';
import type { ConfigStore } from './config-store';

/** Settings a running relay takes over from a changed file; the others need a restart. */
const LIVE_KEYS = ['logLevel', 'dvrWindowMs', 'iceServers', 'publicUrl', 'maxClipMs', 'recording'] as const;
const RESTART_KEYS = [
  'port',
  'host',
  'metadataTcpPort',
  'ice',
  'limits',
  'shutdown',
  'pull',
  'webhooks',
  'directory',
] as const;

const LATER: Partial<Record<(typeof LIVE_KEYS)[number], string>> = {
  dvrWindowMs: ' to streams that start from now on',
  recording: ' to recordings that start from now on',
};

/**
 * Applies each accepted config change to the running relay: `config` is shared by every part of the
 * relay, which reads these keys when a session, stream or request starts, so writing them in place
 * is enough. Stream settings and triggers are read through the store itself. Returns the unsubscribe.
 */
export function followConfigChanges(
  store: ConfigStore,
  config: ServerConfig,
  resolve: () => ServerConfig,
  setLogLevel: (level: string) => void,
  log: Logger,
): () => void {
  const offChange = store.events.on('change', (change) => {
    const next = resolve();
    const where = `${change.origin === 'file' ? 'edited on disk' : 'updated'}`;
    for (const key of LIVE_KEYS) {
      if (JSON.stringify(config[key]) === JSON.stringify(next[key])) continue;
      Object.assign(config, { [key]: next[key] });
      if (key === 'logLevel') setLogLevel(next.logLevel);
      log.info({ key, origin: change.origin }, `config ${where}: ${key} applied${LATER[key] ?? ''}`);
    }
    for (const key of RESTART_KEYS) {
      if (JSON.stringify(config[key]) === JSON.stringify(next[key])) continue;
      log.warn({ key, origin: change.origin }, `config ${where}: ${key} changed; it needs a restart`);
    }
    if (change.streams.length > 0)
      log.info(
        { streams: change.streams },
        `config ${where}: settings of ${change.streams.join(', ')} applied`,
      );
    for (const key of ['triggers', 'auth'] as const)
      if (change.keys.includes(key)) log.info(`config ${where}: ${key} applied`);
  });
  const offError = store.events.on('error', (error) => {
    if (error instanceof ConfigFileError)
      // The problems say where; a stack would only bury them.
      log.error(
        { file: error.file, code: error.code },
        `config file rejected, the running config stays:\n${error.message}`,
      );
    else log.error({ err: error }, `config file not saved: ${error.message}`);
  });
  return () => {
    offChange();
    offError();
  };
}
