import type { ServerOptions } from '../config';
import type { ConfigDocument } from './config-document';

/** The relay-wide settings a config file sets, as `createServer` options (unset keys stay unset). */
export function fileOptions(document: ConfigDocument): ServerOptions {
  const options: ServerOptions = {};
  if (document.host !== undefined) options.host = document.host;
  if (document.port !== undefined) options.port = document.port;
  if (document.publicUrl !== undefined) options.publicUrl = document.publicUrl;
  if (document.logLevel !== undefined) options.logLevel = document.logLevel;
  if (document.dvrWindowMs !== undefined) options.dvrWindowMs = document.dvrWindowMs;
  if (document.metadataPort !== undefined) options.metadataTcpPort = document.metadataPort;
  if (document.iceServers !== undefined) options.iceServers = document.iceServers;
  if (document.iceHostAddresses !== undefined) options.ice = { hostAddresses: document.iceHostAddresses };
  return options;
}
