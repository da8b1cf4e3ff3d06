import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** What a request that reached the origin asked for. */
export type OriginRequestKind = 'part' | 'blocking-playlist' | 'playlist' | 'other';

const VIDEO_PART = /\/video-(\d+)\.(\d+)\.m4s(?:\?|$)/;
const PART = /\/hls\/[^/]+\/[^/]+\/(?:video|audio)-(\d+)\.(\d+)\.m4s(?:\?|$)/;

export function originRequestKind(url: string): OriginRequestKind {
  if (PART.test(url)) return 'part';
  if (/^\/hls\/[^?]+\.m3u8/.test(url)) return /[?&]_HLS_msn=/.test(url) ? 'blocking-playlist' : 'playlist';
  return 'other';
}

/**
 * Counts the requests that reach the origin's HTTP server, by kind, and remembers when the origin
 * first served each video part: through a cache, the first viewer to see a part listed fetches it
 * at once, so this is when the part became available to the edge, give or take a few milliseconds.
 * Listens beside Fastify, so it needs no hook on an app already listening. `dispose()` stops it.
 */
export class OriginTally {
  readonly counts: Record<OriginRequestKind, number> = {
    part: 0,
    'blocking-playlist': 0,
    playlist: 0,
    other: 0,
  };
  /** `N.P` → how many requests for video part P of segment N reached the origin. */
  readonly partRequests = new Map<string, number>();
  /** `N.P` → when the origin first finished sending video part P of segment N (ms, wall clock). */
  readonly partServedAt = new Map<string, number>();
  private readonly listener: (request: IncomingMessage, response: ServerResponse) => void;

  constructor(private readonly server: Server) {
    this.listener = (request, response) => {
      const url = request.url ?? '';
      const kind = originRequestKind(url);
      this.counts[kind] += 1;
      const part = VIDEO_PART.exec(url);
      if (!part) return;
      const key = `${part[1]}.${part[2]}`;
      this.partRequests.set(key, (this.partRequests.get(key) ?? 0) + 1);
      response.once('finish', () => {
        if (response.statusCode === 200 && !this.partServedAt.has(key))
          this.partServedAt.set(key, Date.now());
      });
    };
    server.on('request', this.listener);
  }

  reset(): void {
    for (const kind of Object.keys(this.counts) as OriginRequestKind[]) this.counts[kind] = 0;
  }

  dispose(): void {
    this.server.off('request', this.listener);
  }
}
