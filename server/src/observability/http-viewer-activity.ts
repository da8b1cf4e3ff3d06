/**
 * Which HTTP-polling viewers (LL-HLS, LL-DASH) are watching: a player that polls playlists and
 * fetches parts has no connection that says when it left, so a client counts as a viewer while it
 * has a request in flight or made one in the last `windowMs`.
 *
 * A client is identified by stream, protocol, IP and User-Agent: no cookie or query parameter is
 * required of players, so any HLS/DASH player is counted. Two viewers behind one NAT with the same
 * browser build count as one; one viewer that switches from HLS to DASH counts under each while
 * both are active. Pure bookkeeping: the caller supplies the time and acts on what `sweep` returns.
 */
export class HttpViewerActivity<Client> {
  private readonly clients = new Map<string, { client: Client; inFlight: number; lastSeenAt: number }>();

  constructor(readonly windowMs: number) {}

  get size(): number {
    return this.clients.size;
  }

  /** A request started; returns the client, created by `create` if it was not active. */
  begin(key: string, now: number, create: () => Client): Client {
    let entry = this.clients.get(key);
    if (!entry) {
      entry = { client: create(), inFlight: 0, lastSeenAt: now };
      this.clients.set(key, entry);
    }
    entry.inFlight++;
    entry.lastSeenAt = now;
    return entry.client;
  }

  /** A request of `key` ended (answered or aborted). */
  end(key: string, now: number): void {
    const entry = this.clients.get(key);
    if (!entry) return;
    entry.inFlight = Math.max(0, entry.inFlight - 1);
    entry.lastSeenAt = now;
  }

  /** Forgets and returns the clients with nothing in flight and no request in the last `windowMs`. */
  sweep(now: number): Client[] {
    const gone: Client[] = [];
    for (const [key, entry] of this.clients) {
      if (entry.inFlight === 0 && now - entry.lastSeenAt >= this.windowMs) {
        this.clients.delete(key);
        gone.push(entry.client);
      }
    }
    return gone;
  }

  /** Forgets and returns the clients whose key matches (their stream ended). */
  drop(match: (key: string) => boolean): Client[] {
    const gone: Client[] = [];
    for (const [key, entry] of this.clients) {
      if (match(key)) {
        this.clients.delete(key);
        gone.push(entry.client);
      }
    }
    return gone;
  }

  /** Forgets everything. */
  clear(): void {
    this.clients.clear();
  }
}
