/**
 * Whether clients are still reading some kind of resource: requests in flight and when the last
 * one ended. The shutdown drain waits until HLS/DASH players went quiet (they stop once the
 * playlist is ended) instead of a fixed time; `observability/output-sessions.ts`, which already
 * sees every HLS/DASH request, feeds it.
 */
export class RequestActivity {
  private inFlight = 0;
  private lastAt = -Infinity;

  constructor(private readonly now: () => number = Date.now) {}

  begin(): void {
    this.inFlight++;
    this.lastAt = this.now();
  }

  end(): void {
    this.inFlight--;
    this.lastAt = this.now();
  }

  /** No request in flight, and none for `ms`. */
  quietFor(ms: number): boolean {
    return this.inFlight === 0 && this.now() - this.lastAt >= ms;
  }
}
