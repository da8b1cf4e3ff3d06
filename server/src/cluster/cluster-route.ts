/**
 * Where the cluster's front process sends a request: to the worker holding its stream, to every
 * worker with the answers merged (lists, sessions, metrics), or to any worker (static files, the
 * API that is the same everywhere). Pure: method and URL in, a route out. The stream-keyed URLs are
 * the relay's (DESIGN.md "URLs"); a name that is not a valid stream name still routes by its text,
 * and the worker answers its 400.
 */
export type ClusterRoute =
  /** Everything about one stream: publish, view, packaging, info, metadata, recordings, clips. */
  | { kind: 'stream'; stream: string }
  /** A GET whose answer is the union of every worker's. */
  | { kind: 'merge'; list: MergedList }
  /** A session addressed by id only (`/api/admin/sessions/:id`): the worker that has it answers. */
  | { kind: 'find'; id: string }
  /**
   * A change every worker must make (`PUT /api/admin/config`, `PUT|DELETE /api/admin/streams/:name`):
   * without a config file the document lives in each worker's memory, so one worker alone would
   * leave the others on the old settings — and a stream's settings also serve `name+anything`,
   * which may hash to another worker.
   */
  | { kind: 'all' }
  /** The same on every worker (static files, `/api/time`, reading the config, tokens). */
  | { kind: 'any' };

export type MergedList =
  'streams' | 'sessions' | 'admin-sessions' | 'admin-streams' | 'recordings' | 'stats' | 'metrics';

const MERGED: Record<string, MergedList> = {
  '/api/streams': 'streams',
  '/api/sessions': 'sessions',
  '/api/admin/sessions': 'admin-sessions',
  '/api/admin/streams': 'admin-streams',
  '/api/recordings': 'recordings',
  '/api/stats': 'stats',
  '/metrics': 'metrics',
};

/** `/whip/:name`, `/whep/:name(/:id)`, `/hls/:name/…`, `/dash/:name/…`, `/ws/:name`, `/recordings/:name/…`. */
const PREFIXED = /^\/(?:whip|whep|hls|dash|ws|recordings)\/([^/]+)/;
/** `/api/streams/:name…` and `/api/admin/streams/:name…`. */
const API_STREAM = /^\/api\/(?:admin\/)?streams\/([^/]+)/;
/** `/clip/:name.ext`. */
const CLIP = /^\/clip\/([^/]+)\.(?:mp4|ts|mkv)$/;
/** `/:name.mp4`, `/:name.ts` (progressive). */
const PROGRESSIVE = /^\/([^/]+)\.(?:mp4|ts)$/;
const ADMIN_SESSION = /^\/api\/admin\/sessions\/([^/]+)/;
/** `/api/admin/streams/:name`: a stream's entry in the config document. */
const ADMIN_STREAM_ENTRY = /^\/api\/admin\/streams\/[^/]+$/;

/** The route of `method url` (`url` as on the request line: path and query). */
export function clusterRoute(method: string, url: string): ClusterRoute {
  const path = url.split('?', 1)[0] ?? '/';
  const merged = MERGED[path];
  if (merged && (method === 'GET' || method === 'HEAD')) return { kind: 'merge', list: merged };
  if (path === '/api/admin/config' && method === 'PUT') return { kind: 'all' };
  if (ADMIN_STREAM_ENTRY.test(path) && (method === 'PUT' || method === 'DELETE')) return { kind: 'all' };
  const adminSession = ADMIN_SESSION.exec(path);
  if (adminSession) return { kind: 'find', id: decode(adminSession[1]!) };
  const match = PREFIXED.exec(path) ?? API_STREAM.exec(path) ?? CLIP.exec(path) ?? PROGRESSIVE.exec(path);
  // `/player.js` is a file, not a stream called "player": only .mp4/.ts are progressive outputs.
  if (match) return { kind: 'stream', stream: decode(match[1]!) };
  return { kind: 'any' };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The worker (0…count−1) that holds `stream`: a hash of the name, so every request for a stream —
 * before, during and after its publish, from any client — lands on the same worker without a
 * shared table, and a restarted worker takes its streams back. FNV-1a, 32 bits.
 */
export function workerOf(stream: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < stream.length; i++) {
    hash ^= stream.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}
