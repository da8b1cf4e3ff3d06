import type { TimeRange } from '../types';

/**
 * The server's view of the stream timeline, from its `time` messages: the newest media it holds
 * (`liveEdgeMs`) and the oldest a seek can reach (`bufferStartMs`). Between two messages (about a
 * second apart) the edge moves on with the wall clock, since media keeps arriving at the server in
 * real time; once the stream ended it stops.
 */
export class LiveEdge {
  private last: { edgeMs: number; startMs: number; atMs: number } | undefined;
  private frozen = false;

  /** A `time` message arrived at `nowMs` (a monotonic clock, `performance.now()`). */
  update(message: { liveEdgeMs: number; bufferStartMs: number }, nowMs: number): void {
    if (this.frozen) return;
    this.last = { edgeMs: message.liveEdgeMs, startMs: message.bufferStartMs, atMs: nowMs };
  }

  /** The stream ended: no media will come after the edge as of now. */
  freeze(nowMs: number): void {
    if (this.frozen) return;
    const edge = this.edgeMs(nowMs);
    if (this.last && edge !== undefined) this.last = { ...this.last, edgeMs: edge, atMs: nowMs };
    this.frozen = true;
  }

  /** The live edge in media time (s), or undefined before the first `time` message. */
  edge(nowMs: number): number | undefined {
    const ms = this.edgeMs(nowMs);
    return ms === undefined ? undefined : ms / 1000;
  }

  /**
   * The DVR window in media time (s). Its start is the server's last word, not extrapolated: a
   * seek slightly before the window's real start is answered from its oldest keyframe anyway.
   */
  window(nowMs: number): TimeRange | undefined {
    const edge = this.edge(nowMs);
    if (!this.last || edge === undefined) return undefined;
    return { start: Math.min(this.last.startMs / 1000, edge), end: edge };
  }

  private edgeMs(nowMs: number): number | undefined {
    if (!this.last) return undefined;
    const elapsed = this.frozen ? 0 : Math.max(0, nowMs - this.last.atMs);
    return this.last.edgeMs + elapsed;
  }
}
