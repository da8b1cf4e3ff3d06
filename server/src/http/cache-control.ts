/**
 * Which HLS/DASH resource a response is, for the `Cache-Control` it carries. The policy lives in
 * one place so an HTTP cache in front (nginx, a CDN: `deploy/nginx/`) fans every response out
 * exactly as long as it stays true, and never longer.
 */
export type CachedResource =
  /** Init segments, parts, segments, WebVTT and `wvtt` files: their URL names the publish. */
  | 'media'
  /** A media playlist asked with `_HLS_msn` (and `_HLS_part`, `_HLS_skip`). */
  | 'blocking-playlist'
  /** A media playlist asked without delivery directives: where a player joins. */
  | 'live-playlist'
  | 'multivariant-playlist'
  | 'mpd'
  /** Any error answer: 4xx, 503 with `Retry-After`. */
  | 'error';

/**
 * - `media`: a media URL holds the publish id (`LivePackager.publishId`, 64 random bits), so the
 *   same URL never names other bytes, across republishes and restarts: cache it for good.
 * - `blocking-playlist`: the answer to "at least part P of segment N" never becomes wrong, and the
 *   cache key is the full URL, directives included. Kept 3 target durations (the longest a
 *   request blocks): only a player that lags asks for it later, and it still gets a valid answer.
 * - `live-playlist`, `mpd`: read when a player joins (HLS) or once a second (dash.js, at
 *   `minimumUpdatePeriod`). One second is the shortest `max-age` there is; a player joining on a
 *   one second old playlist only blocks less on its first reload (hls.js also reads `Age`), and
 *   a thousand DASH clients cost the origin one MPD a second.
 * - `multivariant-playlist`: read once per join; two seconds collapse a flash crowd and delay a
 *   subtitle track that just appeared by as much for new joiners only.
 * - `error`: `no-store`, so a cache never pins an outage or a part asked a moment too early.
 */
const POLICY: Record<CachedResource, string> = {
  media: 'public, max-age=31536000, immutable',
  'blocking-playlist': 'public, max-age=6',
  'live-playlist': 'public, max-age=1, stale-while-revalidate=1',
  'multivariant-playlist': 'public, max-age=2, stale-while-revalidate=2',
  mpd: 'public, max-age=1, stale-while-revalidate=1',
  error: 'no-store',
};

export function cacheControlFor(resource: CachedResource): string {
  return POLICY[resource];
}
