import type { StreamState } from './stream-info';
import type { ViewerProtocol } from './stream-stats';

/** How a client reaches the relay: WHIP publishes, every other protocol views. */
export type SessionProtocol = 'whip' | ViewerProtocol;

/** One open publisher or viewer session (`GET /api/sessions`, `GET /api/admin/sessions`). */
export interface AdminSession {
  id: string;
  stream: string;
  protocol: SessionProtocol;
  role: 'publisher' | 'viewer';
  ip: string;
  userAgent: string;
  /** Unix ms. */
  startedAt: number;
  bytes: number;
  /**
   * Whether `DELETE /api/admin/sessions/:id` can end it. LL-HLS/LL-DASH viewers are a run of separate
   * requests with no connection to close, so they cannot.
   */
  kickable: boolean;
}

/** A stream's entry in the config file (`streams.NAME`), as `PUT /api/admin/streams/:name` takes it. */
export interface AdminStreamEntry {
  source?: 'whip' | { url: string } | { path: string };
  recording?: { enabled?: boolean; directory?: string; rotateMs?: number };
  auth?: { publishKeys?: string[]; viewerToken?: boolean; allowPublishFrom?: string[] };
}

/** One stream in `GET /api/admin/streams`: every configured entry and every stream the relay knows. */
export interface AdminStream {
  name: string;
  /** `offline` for a configured entry that never published since the relay started. */
  state: StreamState;
  /** Its own entry in the config file, if it has one. */
  entry?: AdminStreamEntry;
  /** The entry whose settings apply: its own, or its base's for `base+suffix`; none: the defaults. */
  configuredAs?: string;
  /** Unix ms when the current publish started, while starting or live. */
  since?: number;
  /** Why the last publish ended (`kicked`, `delete`, `timeout`, ...), while ended. */
  endReason?: string;
  publisher?: AdminSession;
  viewers: { total: number } & Partial<Record<ViewerProtocol, number>>;
  /** Being recorded now. */
  recording: boolean;
}

export interface AdminStreamList {
  streams: AdminStream[];
}

export interface AdminSessionList {
  sessions: AdminSession[];
}

/** `GET /api/admin/config`: the running config document and the file it is saved to. */
export interface AdminConfig {
  /** Absolute path of the config file, or null when the relay runs without one (changes stay in memory). */
  file: string | null;
  document: Record<string, unknown>;
}

/** A problem in a config change (422 `config/invalid`): where, as the file would have it, and why. */
export interface ConfigProblemBody {
  line: number;
  column: number;
  /** Starts with the dotted path of the offending key (`streams.live.auth.publishKeys.0: ...`). */
  reason: string;
}

/** 422 answer to an invalid config change. */
export interface ConfigInvalidBody {
  error: { code: 'config/invalid'; message: string; problems: ConfigProblemBody[] };
}

/** WebSocket close code of a `/ws/:name` viewer ended by an administrator (an `end` message comes first). */
export const WS_CLOSE_KICKED = 4001;
