/**
 * Where an edge looks for a stream: the base URLs of the relays that may have `name`
 * (`http://origin-a:8080`), best first. The edge tries them in this order on the first request and
 * again at each failover, so a resolver is asked once per round and may answer differently each
 * time (a directory that learned where the stream moved). An empty list means nobody has it.
 *
 * This is the whole contract between the edge and whatever knows the topology: the static
 * `--origin` list (`staticOrigins`) or a directory (Redis, per-core workers) plugged in through
 * `createServer({ originResolver })`. A resolver that throws counts as an empty round.
 */
export type OriginResolver = (name: string) => Promise<string[]>;

/** The `--origin` list as a resolver: the same candidates, in the configured order, for every stream. */
export function staticOrigins(urls: readonly string[]): OriginResolver {
  const candidates = normalizeOrigins(urls);
  return () => Promise.resolve([...candidates]);
}

/**
 * Origin base URLs as the edge uses them: trimmed, without a trailing slash, duplicates dropped
 * (first kept). Throws for anything that is not an absolute http(s) URL, so a typo in `--origin`
 * stops the server at start rather than at the first viewer.
 */
export function normalizeOrigins(urls: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const raw of urls) {
    const text = raw.trim();
    if (!text) continue;
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new Error(`origin "${raw}" is not a URL; use http(s)://host:port`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`origin "${raw}" must be an http:// or https:// URL`);
    }
    seen.add(url.href.replace(/\/+$/, ''));
  }
  return [...seen];
}

/** The origin's WHEP endpoint for `name`. */
export function whepEndpoint(origin: string, name: string): string {
  return `${origin}/whep/${encodeURIComponent(name)}`;
}
