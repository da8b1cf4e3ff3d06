import path from 'node:path';
import type { ServerOptions } from '../config';
import type { ConfigDocument } from './config-document';

/**
 * The relay-wide settings a config file sets, as `createServer` options (unset keys stay unset).
 * `baseDirectory` (the file's folder) anchors a relative recording directory.
 */
export function fileOptions(document: ConfigDocument, baseDirectory = process.cwd()): ServerOptions {
  const options: ServerOptions = {};
  if (document.host !== undefined) options.host = document.host;
  if (document.port !== undefined) options.port = document.port;
  if (document.publicUrl !== undefined) options.publicUrl = document.publicUrl;
  if (document.logLevel !== undefined) options.logLevel = document.logLevel;
  if (document.dvrWindowMs !== undefined) options.dvrWindowMs = document.dvrWindowMs;
  if (document.metadataPort !== undefined) options.metadataTcpPort = document.metadataPort;
  if (document.iceServers !== undefined) options.iceServers = document.iceServers;
  if (document.iceHostAddresses !== undefined) options.ice = { hostAddresses: document.iceHostAddresses };
  if (document.maxClipMs !== undefined) options.maxClipMs = document.maxClipMs;
  const recording = document.recording;
  if (recording?.directory !== undefined || recording?.rotateMs !== undefined)
    options.recording = {
      ...(recording.directory !== undefined ? { dir: path.resolve(baseDirectory, recording.directory) } : {}),
      ...(recording.rotateMs !== undefined ? { segmentMs: recording.rotateMs } : {}),
    };
  if (document.limits !== undefined) options.limits = { ...document.limits };
  if (document.shutdown !== undefined) options.shutdown = { ...document.shutdown };
  if (document.pull !== undefined) options.pull = { ...document.pull };
  if (document.origin !== undefined) options.origin = { ...document.origin };
  if (document.webhooks !== undefined) options.webhooks = { ...document.webhooks };
  const directory = document.directory;
  if (directory !== undefined)
    options.directory = {
      redisUrl: directory.redis,
      ...(directory.node !== undefined ? { nodeUrl: directory.node } : {}),
      ...(directory.ttlMs !== undefined ? { ttlMs: directory.ttlMs } : {}),
    };
  return options;
}
