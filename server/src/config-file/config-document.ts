import type { IceServerConfig, LimitsConfig, OriginConfig, PullConfig, ShutdownConfig } from '../config';
import type { WebhooksConfig } from '../webhooks/webhook-config';

/**
 * A config file as written (YAML or JSON), once it passed `server/config.schema.json`. The two must
 * agree: `config-schema.test.ts` checks the example file against both.
 */
export interface ConfigDocument {
  $schema?: string;
  host?: string;
  port?: number;
  publicUrl?: string;
  logLevel?: LogLevel;
  dvrWindowMs?: number;
  metadataPort?: number;
  iceServers?: IceServerConfig[];
  iceHostAddresses?: string[];
  maxClipMs?: number;
  recording?: { directory?: string; rotateMs?: number };
  limits?: Partial<LimitsConfig>;
  shutdown?: Partial<ShutdownConfig>;
  pull?: Partial<PullConfig>;
  origin?: Partial<OriginConfig>;
  webhooks?: Partial<WebhooksConfig>;
  directory?: { redis: string; node?: string; ttlMs?: number };
  auth?: { adminToken?: string; viewerTokenSecret?: string };
  streams?: Record<string, StreamDocument>;
  triggers?: TriggersDocument;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface StreamDocument {
  source?: 'whip' | { url: string } | { path: string };
  recording?: { enabled?: boolean; directory?: string; rotateMs?: number };
  auth?: { publishKeys?: string[]; viewerToken?: boolean; allowPublishFrom?: string[] };
}

export interface BlockingHookDocument {
  url: string;
  timeoutMs?: number;
  default?: 'allow' | 'deny';
}

export interface TriggersDocument {
  stream_start?: string | string[];
  stream_end?: string | string[];
  recording_done?: string | string[];
  push_rewrite?: BlockingHookDocument;
  user_new?: BlockingHookDocument;
}
